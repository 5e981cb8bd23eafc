package dev.surge.query;

import dev.surge.config.Durations;
import java.time.Duration;
import java.util.Optional;

/** Reads {@code ?wait=}: "5s", "500ms", or a number of seconds; capped so a reader cannot hold a request forever. */
final class WaitParameter {

    private WaitParameter() {
    }

    /** @throws IllegalArgumentException with a message fit for a 400 */
    static Duration parse(Optional<String> raw, Duration max) {
        return parse(raw, max, Duration.ZERO);
    }

    /**
     * As above, for a route that waits unless told otherwise: no {@code wait} (or a blank one)
     * means {@code whenAbsent}, also capped; {@code wait=0} means not at all.
     */
    static Duration parse(Optional<String> raw, Duration max, Duration whenAbsent) {
        if (raw.isEmpty() || raw.get().isBlank()) {
            return whenAbsent.compareTo(max) > 0 ? max : whenAbsent;
        }
        String text = raw.get().trim();
        Duration wait;
        try {
            wait = text.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(text))
                    : Durations.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("wait must be a duration such as 5s or 500ms");
        }
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait must not be negative");
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }
}

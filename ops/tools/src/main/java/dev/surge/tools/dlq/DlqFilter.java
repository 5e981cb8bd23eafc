package dev.surge.tools.dlq;

import dev.surge.node.dlq.DlqEntry;

import dev.surge.config.Durations;
import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.DlqRecord.Reason;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Which DLQ records {@code show} and {@code replay} pick: every condition given must hold. */
record DlqFilter(Optional<Reason> reason, Optional<Instant> since, Optional<String> correlationId) {

    static final DlqFilter NONE = new DlqFilter(Optional.empty(), Optional.empty(), Optional.empty());

    boolean isEmpty() {
        return reason.isEmpty() && since.isEmpty() && correlationId.isEmpty();
    }

    /** A record whose DLQ headers do not parse matches no condition, so only the empty filter. */
    boolean matches(DlqEntry entry) {
        if (isEmpty()) {
            return true;
        }
        if (entry.dlq().isEmpty()) {
            return false;
        }
        DlqRecord dlq = entry.dlq().get();
        return reason.map(r -> r == dlq.reason()).orElse(true)
                && since.map(s -> !dlq.failedAt().isBefore(s)).orElse(true)
                && correlationId.map(id -> id.equals(dlq.correlationId())).orElse(true);
    }

    String describe() {
        List<String> parts = new ArrayList<>();
        reason.ifPresent(r -> parts.add("reason " + r));
        since.ifPresent(s -> parts.add("failed since " + s));
        correlationId.ifPresent(id -> parts.add("correlation_id " + id));
        return parts.isEmpty() ? "no filter" : String.join(", ", parts);
    }

    DlqFilter withReason(String text) {
        try {
            return withReason(reason(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--reason " + e.getMessage());
        }
    }

    DlqFilter withReason(Reason reason) {
        return new DlqFilter(Optional.of(reason), since, correlationId);
    }

    /** A reason in any case: {@code wrong_partition}. */
    static Reason reason(String text) {
        try {
            return Reason.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a DLQ reason (one of "
                    + Arrays.toString(Reason.values()).replaceAll("[\\[\\]]", "") + ")");
        }
    }

    DlqFilter withSince(String text, Instant now) {
        return new DlqFilter(reason, Optional.of(parseSince(text, now)), correlationId);
    }

    DlqFilter withCorrelationId(String id) {
        if (id.isBlank()) {
            throw new IllegalArgumentException("--correlation-id needs a value");
        }
        return new DlqFilter(reason, since, Optional.of(id));
    }

    /** An instant ({@code 2026-11-21T10:00:00Z}, or with an offset), or a duration back from now ({@code 1h}). */
    static Instant parseSince(String text, Instant now) {
        String value = text.trim();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            // Not an instant: a duration, then.
        }
        Duration ago;
        try {
            ago = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            ago = null;
        }
        if (ago == null || ago.isNegative()) {
            throw new IllegalArgumentException("--since '" + text + "' is neither an instant (2026-11-21T10:00:00Z)"
                    + " nor a duration back from now (30m, 1h, 7d)");
        }
        return now.minus(ago);
    }
}

package dev.surge.tools.dlq;

import dev.surge.tools.OptionValue;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code surge dlq} invocation, parsed. Options are written {@code --name value} or
 * {@code --name=value}; an option another action takes is refused rather than ignored, so that
 * {@code list --reason X} does not silently list everything.
 */
record DlqOptions(Action action, Optional<String> topic, DlqFilter filter, int limit, boolean all, boolean dryRun) {

    enum Action { LIST, SHOW, REPLAY }

    static final int DEFAULT_LIMIT = 20;

    private static final Map<Action, Set<String>> ACCEPTED = Map.of(
            Action.LIST, Set.of("--topic"),
            Action.SHOW, Set.of("--topic", "--reason", "--since", "--correlation-id", "--limit", "--all"),
            Action.REPLAY, Set.of("--topic", "--reason", "--since", "--correlation-id", "--dry-run"));
    private static final Set<String> FLAGS = Set.of("--all", "--dry-run");

    /**
     * @param now what a {@code --since 1h} counts back from
     * @throws IllegalArgumentException for anything that is not a valid invocation, with the reason
     */
    static DlqOptions parse(List<String> args, Instant now) {
        Deque<String> rest = new ArrayDeque<>(args);
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("which action? (list, show, replay)");
        }
        String verb = rest.pop();
        Action action = switch (verb) {
            case "list" -> Action.LIST;
            case "show" -> Action.SHOW;
            case "replay" -> Action.REPLAY;
            default -> throw new IllegalArgumentException("unknown dlq action '" + verb + "' (list, show, replay)");
        };
        Optional<String> topic = Optional.empty();
        DlqFilter filter = DlqFilter.NONE;
        int limit = DEFAULT_LIMIT;
        boolean all = false;
        boolean dryRun = false;
        while (!rest.isEmpty()) {
            String arg = rest.pop();
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (!ACCEPTED.get(action).contains(name)) {
                throw new IllegalArgumentException("unknown option '" + arg + "' for dlq "
                        + action.name().toLowerCase(Locale.ROOT) + " (" + String.join(", ", ACCEPTED.get(action).stream()
                        .sorted().toList()) + ")");
            }
            if (FLAGS.contains(name)) {
                if (eq >= 0) {
                    throw new IllegalArgumentException(name + " takes no value");
                }
                all |= name.equals("--all");
                dryRun |= name.equals("--dry-run");
                continue;
            }
            String value = OptionValue.of(name, arg, rest);
            if (value == null || eq < 0 && value.startsWith("--")) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            switch (name) {
                case "--topic" -> topic = Optional.of(topic(value));
                case "--reason" -> filter = filter.withReason(value);
                case "--since" -> filter = filter.withSince(value, now);
                case "--correlation-id" -> filter = filter.withCorrelationId(value);
                case "--limit" -> limit = limit(value);
                default -> throw new IllegalStateException("accepted but not parsed: " + name);
            }
        }
        return new DlqOptions(action, topic, filter, limit, all, dryRun);
    }

    private static String topic(String value) {
        if (!value.equals(DlqTopic.ORDERS) && !value.equals(DlqTopic.EVENTS)) {
            throw new IllegalArgumentException("--topic '" + value + "' is not a DLQ topic (" + DlqTopic.ORDERS
                    + " or " + DlqTopic.EVENTS + "; TOPIC_PREFIX is added)");
        }
        return value;
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit > 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException("--limit '" + value + "' is not a positive number");
    }
}

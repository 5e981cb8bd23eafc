package dev.surge.tools.dlq;

import dev.surge.schemas.DlqRecord.Reason;
import dev.surge.tools.Cli;
import dev.surge.tools.Converters;
import dev.surge.tools.dlq.DlqOptions.Action;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The actions of {@code surge dlq} and their options. Each action declares only the options it
 * takes, so that {@code list --reason X} is refused rather than silently listing everything.
 */
final class DlqActions {

    private DlqActions() {
    }

    /** What every action shares: {@code --topic}, and running through {@link DlqCommand#execute}. */
    abstract static class ActionCommand implements Callable<Integer> {

        @ParentCommand
        DlqCommand dlq;

        @Spec
        CommandSpec spec;

        @Option(names = "--topic", paramLabel = "T", converter = TopicName.class,
                description = "orders-dlq or events-dlq (default: both); TOPIC_PREFIX is added")
        String topic;

        /** @throws IllegalArgumentException for an option that does not hold at {@code now} */
        abstract DlqOptions options(Instant now);

        @Override
        public Integer call() {
            return dlq.execute(Cli.validated(spec, () -> options(dlq.now())));
        }
    }

    @Command(name = "list",
            description = "Per DLQ topic and reason: records pending and in all, the oldest pending one's age.")
    static final class ListCommand extends ActionCommand {

        @Override
        DlqOptions options(Instant now) {
            return new DlqOptions(Action.LIST, Optional.ofNullable(topic), DlqFilter.NONE, DlqOptions.DEFAULT_LIMIT,
                    false, false, false);
        }
    }

    @Command(name = "show", description = "The matching pending records, oldest first.")
    static final class ShowCommand extends ActionCommand {

        @Mixin
        FilterOptions filter;

        @Option(names = "--limit", paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "at most this many records per topic (default: " + DlqOptions.DEFAULT_LIMIT + ")")
        int limit = DlqOptions.DEFAULT_LIMIT;

        @Option(names = "--all", arity = "0", description = "handled records too")
        boolean all;

        @Override
        DlqOptions options(Instant now) {
            return new DlqOptions(Action.SHOW, Optional.ofNullable(topic), filter.filter(now), limit, all, false, false);
        }
    }

    @Command(name = "replay", description = {"Each matching pending record to its source topic (its original key,"
            + " value and headers, plus replayed_from and replayed_at), then marks it handled.",
            "Which records must be said: --reason, --since, --correlation-id, or --all for every pending one. It"
            + " shows how many go where and asks first; --yes does not ask (needed without a terminal)."})
    static final class ReplayCommand extends ActionCommand {

        @Mixin
        FilterOptions filter;

        @Option(names = "--all", arity = "0", description = "every pending record (instead of a filter)")
        boolean all;

        @Option(names = "--dry-run", arity = "0", description = "only list what it would replay")
        boolean dryRun;

        @Option(names = "--yes", arity = "0",
                description = "do not ask; without it replay asks you to type \"replay\", which needs a terminal")
        boolean yes;

        @Override
        DlqOptions options(Instant now) {
            DlqFilter selected = filter.filter(now);
            // A bare replay once meant every pending record: too easy to type for what it does.
            if (selected.isEmpty() && !all) {
                throw new IllegalArgumentException("which records? give --reason, --since or --correlation-id,"
                        + " or --all for every pending record");
            }
            if (!selected.isEmpty() && all) {
                throw new IllegalArgumentException("--all means every pending record: give it or a filter ("
                        + selected.describe() + "), not both");
            }
            return new DlqOptions(Action.REPLAY, Optional.ofNullable(topic), selected, DlqOptions.DEFAULT_LIMIT, all,
                    dryRun, yes);
        }
    }

    /** Which records show and replay pick: every condition given must hold. */
    static final class FilterOptions {

        @Option(names = "--reason", paramLabel = "R", converter = ReasonName.class,
                description = "INVALID_JSON, SCHEMA_VIOLATION, KEY_MISMATCH, WRONG_PARTITION, PROCESSING_ERROR or LATE")
        Reason reason;

        // Text until the action runs: "1h" counts back from the command's clock.
        @Option(names = "--since", paramLabel = "TIME|AGO",
                description = "failed at or after 2026-11-21T10:00:00Z, or back from now: 30m, 1h, 7d")
        String since;

        @Option(names = "--correlation-id", paramLabel = "ID", description = "the request's correlation id")
        String correlationId;

        DlqFilter filter(Instant now) {
            DlqFilter filter = reason == null ? DlqFilter.NONE : DlqFilter.NONE.withReason(reason);
            filter = since == null ? filter : filter.withSince(since, now);
            return correlationId == null ? filter : filter.withCorrelationId(correlationId);
        }
    }

    static final class TopicName implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            if (!text.equals(DlqTopic.ORDERS) && !text.equals(DlqTopic.EVENTS)) {
                throw new TypeConversionException("'" + text + "' is not a DLQ topic (" + DlqTopic.ORDERS + " or "
                        + DlqTopic.EVENTS + "; TOPIC_PREFIX is added)");
            }
            return text;
        }
    }

    static final class ReasonName implements ITypeConverter<Reason> {
        @Override
        public Reason convert(String text) {
            return Converters.convert(text, DlqFilter::reason);
        }
    }
}

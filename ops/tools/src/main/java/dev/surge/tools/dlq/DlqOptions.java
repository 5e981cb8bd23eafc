package dev.surge.tools.dlq;

import dev.surge.tools.Cli;
import dev.surge.tools.KafkaSettings;
import dev.surge.tools.Prompt;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ParseResult;

/**
 * One {@code surge dlq} invocation, parsed: what {@link DlqActions} hand to {@link DlqCommand#execute}.
 *
 * @param all show: handled records too; replay: every pending record (no filter), said explicitly
 * @param yes replay: without asking
 */
record DlqOptions(Action action, Optional<String> topic, DlqFilter filter, int limit, boolean all, boolean dryRun,
                  boolean yes) {

    enum Action { LIST, SHOW, REPLAY }

    static final int DEFAULT_LIMIT = 20;

    /**
     * Parses as {@code surge dlq} does, without running anything.
     *
     * @param args the arguments after {@code dlq}
     * @param now  what a {@code --since 1h} counts back from
     * @throws IllegalArgumentException for anything that is not a valid invocation, with the reason
     */
    static DlqOptions parse(List<String> args, Instant now) {
        DlqCommand dlq = new DlqCommand(KafkaSettings.fromEnvironment(), Clock.fixed(now, ZoneOffset.UTC),
                Prompt.system(), System.out, System.err);
        ParseResult parsed = Cli.parse(Cli.args("dlq", args), System.out, dlq).subcommand();
        if (parsed.subcommand() == null) {
            throw new IllegalArgumentException(Cli.missingAction(parsed.commandSpec()).getMessage());
        }
        return ((DlqActions.ActionCommand) parsed.subcommand().commandSpec().userObject()).options(now);
    }
}

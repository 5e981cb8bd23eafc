package dev.surge.tools.reset;

import dev.surge.tools.Cli;
import java.util.List;

/**
 * One {@code surge reset} invocation, parsed: three flags and nothing else.
 *
 * @param force reset even though retention removed the inputs' first records
 */
record ResetOptions(boolean dryRun, boolean yes, boolean force) {

    /**
     * Parses as {@code surge reset} does, without running anything.
     *
     * @throws IllegalArgumentException for any other argument, naming it
     */
    static ResetOptions parse(List<String> args) {
        ResetCommand reset = new ResetCommand();
        Cli.parse(Cli.args("reset", args), System.out, reset);
        return reset.options();
    }
}

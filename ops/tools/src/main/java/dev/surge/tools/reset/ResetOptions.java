package dev.surge.tools.reset;

import java.util.List;

/** One {@code surge reset} invocation, parsed: two flags and nothing else. */
record ResetOptions(boolean dryRun, boolean yes) {

    /** @throws IllegalArgumentException for any other argument, naming it */
    static ResetOptions parse(List<String> args) {
        boolean dryRun = false;
        boolean yes = false;
        for (String arg : args) {
            switch (arg) {
                case "--dry-run" -> dryRun = true;
                case "--yes" -> yes = true;
                default -> throw new IllegalArgumentException("unknown option '" + arg + "' (reset [--dry-run] [--yes])");
            }
        }
        return new ResetOptions(dryRun, yes);
    }
}

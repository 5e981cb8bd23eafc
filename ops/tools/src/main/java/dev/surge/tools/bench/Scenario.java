package dev.surge.tools.bench;

/** One thing {@code surge bench} measures: a Surge path or a baseline to compare it with. */
public interface Scenario {

    /** The name on the command line and in the report, e.g. {@code topology}. */
    String name();

    /** One line for {@code surge bench --help}. */
    String description();

    /** Runs once against the bench's environment and reports what it measured. */
    ScenarioResult run(BenchContext context) throws Exception;
}

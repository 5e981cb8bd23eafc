package dev.surge.tools;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How every {@code surge} command is parsed and run, and what its exit code is: 0 done, 1 a
 * failure, 2 a usage error. A usage error (picocli's, or a command's {@link #usageError}) prints
 * {@code surge <command>: <why>} and the command's usage; an IllegalArgumentException from a
 * running command prints the same first line only (a setting is wrong, not the command line);
 * anything else prints its message and stack trace.
 */
public final class Cli {

    private Cli() {
    }

    /**
     * Runs {@code surge <args>} and returns its exit code; never exits the JVM.
     *
     * @param commands instances to run instead of ones made from the environment (a test's
     *                 settings, streams, clock), matched by class
     */
    public static int execute(List<String> args, PrintStream out, PrintStream err, Object... commands) {
        return create(out, err, commands).execute(args.toArray(String[]::new));
    }

    /**
     * Parses {@code surge <args>} without running anything: for callers that want the options (a
     * test, or a command run in-process that reports bad options by throwing).
     *
     * @param out where a later {@link CommandLine#printHelpIfRequested} prints
     * @throws IllegalArgumentException for a usage error, with the message {@link #execute} prints
     */
    public static ParseResult parse(List<String> args, PrintStream out, Object... commands) {
        try {
            return create(out, System.err, commands).parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new IllegalArgumentException(UsageErrors.message(e), e);
        }
    }

    /** {@code command} followed by {@code rest}: the arguments of {@code surge command rest...}. */
    public static List<String> args(String command, List<String> rest) {
        List<String> args = new ArrayList<>(rest.size() + 1);
        args.add(command);
        args.addAll(rest);
        return args;
    }

    /** A usage error a command finds itself after parsing (exit code 2, with the usage). */
    public static ParameterException usageError(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** What a command made of several actions throws when run without one. */
    public static ParameterException missingAction(CommandSpec spec) {
        return usageError(spec, "which action? (" + String.join(", ", UsageHelp.actions(spec)) + ")");
    }

    /**
     * {@code build()}, whose IllegalArgumentException is a usage error: for options checked
     * together or against the clock, after picocli has converted each on its own.
     */
    public static <T> T validated(CommandSpec spec, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static CommandLine create(PrintStream out, PrintStream err, Object... commands) {
        CommandLine cli = new CommandLine(SurgeCommand.class, factory(commands));
        UsageHelp.apply(cli);
        return cli.setOut(writer(out))
                .setErr(writer(err))
                .setCaseInsensitiveEnumValuesAllowed(true)
                // As before picocli: the last of a repeated option wins, and an option's value
                // never looks like an option (--reason --all is a missing reason, not a reason).
                .setOverwrittenOptionsAllowed(true)
                .setUnmatchedOptionsAllowedAsOptionParameters(false)
                .setParameterExceptionHandler(Cli::onUsageError)
                .setExecutionExceptionHandler(Cli::onFailure);
    }

    private static IFactory factory(Object... commands) {
        return new IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                for (Object command : commands) {
                    if (command.getClass() == type) {
                        return type.cast(command);
                    }
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
    }

    /** Picocli writes help and errors here; in the stream's charset, as the commands write. */
    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, stream.charset()), true);
    }

    private static int onUsageError(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println(UsageErrors.prefix(failed.getCommandSpec()) + ": " + UsageErrors.message(e));
        err.print(UsageHelp.synopsis(UsageErrors.topLevel(failed.getCommandSpec()).commandLine()));
        err.println("See '" + failed.getCommandSpec().qualifiedName(" ") + " --help'.");
        err.flush();
        return 2;
    }

    private static int onFailure(Exception e, CommandLine failed, ParseResult parsed) {
        PrintWriter err = failed.getErr();
        String message = UsageErrors.prefix(failed.getCommandSpec()) + ": "
                + Objects.requireNonNullElse(e.getMessage(), e.toString());
        err.println(message);
        if (e instanceof IllegalArgumentException) {
            err.flush();
            return 2;
        }
        e.printStackTrace(err);
        err.flush();
        return 1;
    }

    /**
     * The message and its causes' messages, for a one-line failure: Kafka's exceptions often say
     * what happened one level down.
     */
    public static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 1000; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }
}

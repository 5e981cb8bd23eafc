package dev.surge.tools;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.MaxValuesExceededException;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Picocli's usage errors in the words Surge's commands have always used, the same for every
 * command: {@code unknown option '--x' (reset [--dry-run] [--yes])}, {@code --limit needs a
 * value}, {@code --rate 'fast' is not a positive whole number}, {@code --all takes no value} (flags
 * are declared with arity 0, so that {@code --all=yes} is refused rather than read as a boolean). A
 * converter says what is wrong with the value; the option's name is put in front here, where it is
 * known.
 */
final class UsageErrors {

    private static final Pattern FLAG = Pattern.compile("option '([^']+)' should be specified without");

    private UsageErrors() {
    }

    static String message(ParameterException e) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            return unmatched(spec, unmatched.getUnmatched().getFirst());
        }
        if (e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()) {
            ArgSpec arg = missing.getMissing().getFirst();
            if (arg instanceof OptionSpec option) {
                return option.longestName()
                        + (e.getMessage().startsWith("Missing required option") ? " is required" : " needs a value");
            }
            return "which " + arg.paramLabel() + "?";
        }
        if (e.getValue() != null && String.valueOf(e.getMessage()).startsWith("Unknown subcommand")) {
            return unmatched(spec, e.getValue()); // picocli's help command: `surge help nosuch`
        }
        Matcher flag = FLAG.matcher(String.valueOf(e.getMessage()));
        if (e instanceof MaxValuesExceededException && flag.find()) {
            return flag.group(1) + " takes no value";
        }
        if (e.getCause() instanceof TypeConversionException conversion) {
            return e.getArgSpec() instanceof OptionSpec option
                    ? option.longestName() + " " + conversion.getMessage() : conversion.getMessage();
        }
        return e.getMessage();
    }

    private static String unmatched(CommandSpec spec, String arg) {
        if (arg.startsWith("-")) {
            return "unknown option '" + arg + "'" + where(spec) + " (" + synopsis(spec) + ")";
        }
        List<String> actions = UsageHelp.actions(spec);
        if (!actions.isEmpty()) {
            return (spec.parent() == null ? "unknown command '" : "unknown " + path(spec) + " action '") + arg
                    + "' (" + String.join(", ", actions) + ")";
        }
        return "unexpected argument '" + arg + "'" + where(spec) + " (" + synopsis(spec) + ")";
    }

    /**
     * What errors start with: {@code surge}, and the command under it that was run. An action's
     * errors name the action in the message instead ({@code surge dlq: ... for dlq show}).
     */
    static String prefix(CommandSpec spec) {
        CommandSpec top = topLevel(spec);
        return top.parent() == null ? top.name() : top.root().name() + " " + top.name();
    }

    /** The command right under {@code surge} that {@code spec} belongs to; the root for the root. */
    static CommandSpec topLevel(CommandSpec spec) {
        CommandSpec top = spec;
        while (top.parent() != null && top.parent().parent() != null) {
            top = top.parent();
        }
        return top;
    }

    private static String where(CommandSpec spec) {
        return topLevel(spec) == spec ? "" : " for " + path(spec);
    }

    /** The command's name after {@code surge}: {@code dlq show}. */
    private static String path(CommandSpec spec) {
        String qualified = spec.qualifiedName(" ");
        String root = spec.root().name() + " ";
        return qualified.startsWith(root) ? qualified.substring(root.length()) : qualified;
    }

    /** A one-line synopsis without the help options, e.g. {@code reset [--dry-run] [--yes]}. */
    static String synopsis(CommandSpec spec) {
        List<String> parts = new ArrayList<>();
        parts.add(path(spec));
        // In the order of picocli's synopsis: flags first, each group by name.
        spec.options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp() && !o.hidden())
                .sorted(Comparator.comparing((OptionSpec o) -> o.arity().max() > 0)
                        .thenComparing(OptionSpec::longestName, String.CASE_INSENSITIVE_ORDER))
                .forEach(o -> {
                    String text = o.longestName() + (o.arity().max() > 0 ? "=" + o.paramLabel() : "");
                    parts.add(o.required() ? text : "[" + text + "]");
                });
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                parts.add(p.paramLabel());
            }
        }
        return String.join(" ", parts);
    }
}

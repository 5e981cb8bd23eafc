package dev.surge.tools;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * One help layout for every command, applied to the whole tree so that no command can differ:
 * {@code -h/--help} and {@code -V/--version} everywhere, {@code surge <command> help} as well as
 * {@code --help}, the exit codes, and {@code usage: } synopses without the two help options (the
 * option list shows them). A command made of actions ({@code dlq}, {@code keys}) shows one
 * synopsis per action, which says more than {@code [COMMAND]}.
 */
final class UsageHelp {

    static final int WIDTH = 100;
    private static final String HEADING = "usage: ";
    private static final Map<String, String> EXIT_CODES = exitCodes(
            "0", "done",
            "1", "a failure (said why)",
            "2", "a usage error: a bad option or setting (said why)");

    private UsageHelp() {
    }

    static void apply(CommandLine root) {
        for (CommandLine command : commands(root)) {
            // `surge reset help` as the launcher has always documented it; actions have --help.
            if (command.getParent() == root && !command.getSubcommands().containsKey("help")) {
                command.addSubcommand("help", new HelpCommand());
                command.getSubcommands().get("help").getCommandSpec().usageMessage().hidden(true);
            }
        }
        IVersionProvider version = root.getCommandSpec().versionProvider();
        for (CommandLine command : commands(root)) {
            configure(command.getCommandSpec(), version);
        }
        root.setHelpFactory(UsageHelp::help);
        for (CommandLine command : commands(root)) {
            if (command.getParent() != null && !actions(command.getCommandSpec()).isEmpty()) {
                String synopsis = actionSynopses(command);
                command.getCommandSpec().usageMessage().sectionMap().put(UsageMessageSpec.SECTION_KEY_SYNOPSIS,
                        help -> synopsis);
            }
        }
    }

    /** The names of a command's visible subcommands: its actions, or at the root the commands. */
    static List<String> actions(CommandSpec spec) {
        return spec.subcommands().values().stream().distinct()
                .filter(c -> !c.getCommandSpec().usageMessage().hidden())
                .map(CommandLine::getCommandName)
                .filter(name -> spec.parent() != null || !name.equals("help"))
                .toList();
    }

    /** {@code usage: } and the synopsis, as {@code --help} starts. */
    static String synopsis(CommandLine command) {
        Help help = command.getHelp();
        Map<String, CommandLine.IHelpSectionRenderer> sections = command.getCommandSpec().usageMessage().sectionMap();
        return sections.get(UsageMessageSpec.SECTION_KEY_SYNOPSIS_HEADING).render(help)
                + sections.get(UsageMessageSpec.SECTION_KEY_SYNOPSIS).render(help);
    }

    private static void configure(CommandSpec spec, IVersionProvider version) {
        if (spec.userObject() instanceof HelpCommand) {
            return; // has its own --help; a second one would clash
        }
        if (!spec.mixinStandardHelpOptions()) {
            spec.mixinStandardHelpOptions(true);
        }
        spec.versionProvider(version);
        UsageMessageSpec usage = spec.usageMessage();
        usage.width(WIDTH)
                .synopsisHeading(HEADING)
                .descriptionHeading("%n")
                .parameterListHeading("%nParameters:%n")
                .optionListHeading("%nOptions:%n")
                .commandListHeading("%nCommands:%n")
                .footerHeading("%n");
        if (usage.exitCodeList().isEmpty()) {
            usage.exitCodeList(EXIT_CODES);
        }
        usage.exitCodeListHeading("%nExit codes:%n");
    }

    /** One synopsis per action, aligned under the first: {@code usage: surge dlq list ...}. */
    private static String actionSynopses(CommandLine command) {
        StringBuilder text = new StringBuilder();
        for (String name : actions(command.getCommandSpec())) {
            String synopsis = command.getSubcommands().get(name).getHelp().synopsis(HEADING.length());
            text.append(text.isEmpty() ? "" : " ".repeat(HEADING.length())).append(synopsis);
        }
        return text.toString();
    }

    private static Help help(CommandSpec spec, Help.ColorScheme colors) {
        return new Help(spec, colors) {
            @Override
            protected Text createDetailedSynopsisOptionsText(Collection<ArgSpec> done, List<OptionSpec> options,
                                                             Comparator<OptionSpec> sort, boolean cluster) {
                List<OptionSpec> shown = options.stream().filter(o -> !o.usageHelp() && !o.versionHelp()).toList();
                return super.createDetailedSynopsisOptionsText(done, shown, sort, cluster);
            }

            @Override
            protected Text createDetailedSynopsisCommandText() {
                // A hidden `help` alone is no reason to show [COMMAND].
                return actions(spec).isEmpty() ? colorScheme().ansi().new Text(0)
                        : super.createDetailedSynopsisCommandText();
            }
        };
    }

    private static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        for (int i = 0; i < all.size(); i++) {
            all.get(i).getSubcommands().values().stream().distinct().filter(c -> !all.contains(c)).forEach(all::add);
        }
        return all;
    }

    private static Map<String, String> exitCodes(String... pairs) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            codes.put(pairs[i], pairs[i + 1]);
        }
        return codes;
    }
}

package dev.surge.tools;

import dev.surge.config.Role;
import dev.surge.config.SurgeConfig;
import dev.surge.local.EmbeddedKafka;
import dev.surge.local.demo.DemoCommand;
import dev.surge.node.Serving;
import dev.surge.tools.bench.BenchCommand;
import dev.surge.tools.dlq.DlqCommand;
import dev.surge.tools.reset.ResetCommand;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Entry point of surge.jar: {@code run}, {@code demo}, {@code keys}, {@code dlq}, {@code reset} and
 * {@code bench}. The ./surge script calls this.
 */
public final class SurgeMain {

    private SurgeMain() {
    }

    public static void main(String[] args) {
        selectLogFormat(System.getenv("LOG_FORMAT"));
        // Helidon logs through java.util.logging: one format and one config for every line.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        String command = rest.isEmpty() ? "run" : rest.pop();
        try {
            int code = switch (command) {
                case "run" -> run(rest);
                case "demo" -> demo(rest);
                case "keys" -> KeysCommand.run(rest, System.out);
                case "dlq" -> DlqCommand.run(List.copyOf(rest), SurgeConfig.fromEnvironment(), System.out, System.err);
                case "reset" -> ResetCommand.run(List.copyOf(rest), SurgeConfig.fromEnvironment(), System.out, System.err);
                case "bench" -> BenchCommand.run(List.copyOf(rest), System.out, System.err);
                default -> throw new IllegalArgumentException("unknown command '" + command
                        + "' (run, demo, keys, dlq, reset, bench)");
            };
            System.exit(code);
        } catch (IllegalArgumentException e) {
            System.err.println("surge: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("surge: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    /**
     * LOG_FORMAT=text picks the human-readable configuration; anything else keeps the JSON one.
     * Must run before the first logger is made, which is when logback reads its configuration.
     */
    static void selectLogFormat(String format) {
        if ("text".equalsIgnoreCase(format) && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-text.xml");
        }
    }

    private static int run(Deque<String> args) throws Exception {
        String role = null;
        while (!args.isEmpty()) {
            String arg = args.pop();
            role = OptionValue.of("--role", arg, args);
            if (role == null) {
                throw new IllegalArgumentException("unknown option '" + arg + "' (run [--role all|ingress|processor])");
            }
        }
        // --role on the command line wins over ROLE in the environment.
        SurgeConfig config = SurgeConfig.fromEnvironment();
        if (role != null) {
            try {
                config = config.withRole(Role.parse(role));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--role " + e.getMessage());
            }
        }
        Serving.run(config, EmbeddedKafka.FOR_NODE, System.out);
        return 0;
    }

    private static int demo(Deque<String> args) throws Exception {
        boolean exit = false;
        while (!args.isEmpty()) {
            String arg = args.pop();
            if (arg.equals("--exit")) {
                exit = true;
            } else {
                throw new IllegalArgumentException("unknown option '" + arg + "' (demo [--exit])");
            }
        }
        return DemoCommand.run(exit);
    }
}

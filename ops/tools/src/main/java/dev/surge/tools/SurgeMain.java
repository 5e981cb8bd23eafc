package dev.surge.tools;

import java.util.List;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Entry point of surge.jar: {@code run}, {@code demo}, {@code keys}, {@code dlq}, {@code reset} and
 * {@code bench} ({@link SurgeCommand}). The ./surge script and the container image call this.
 */
public final class SurgeMain {

    private SurgeMain() {
    }

    public static void main(String[] args) {
        selectLogFormat(System.getenv("LOG_FORMAT"));
        // Helidon logs through java.util.logging: one format and one config for every line.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(Cli.execute(List.of(args), System.out, System.err));
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
}

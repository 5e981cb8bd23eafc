package dev.surge.tools;

import dev.surge.config.SurgeConfig;
import dev.surge.node.kafka.CommandClients;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The settings of the commands that work on a running Surge's Kafka (dlq, reset): Surge's own
 * (environment variables, SURGE_CONFIG), as its processors have them, and the Kafka client
 * settings made from them. Read when a command first needs them, so that {@code --help} works
 * whatever the environment holds.
 */
public final class KafkaSettings {

    private final Supplier<SurgeConfig> source;
    private SurgeConfig config;

    private KafkaSettings(Supplier<SurgeConfig> source) {
        this.source = source;
    }

    public static KafkaSettings fromEnvironment() {
        return new KafkaSettings(SurgeConfig::fromEnvironment);
    }

    /** Given settings, for a test or a caller that has its own. */
    public static KafkaSettings of(SurgeConfig config) {
        return new KafkaSettings(() -> config);
    }

    /** @throws IllegalArgumentException when the environment's settings are invalid (exit code 2) */
    public synchronized SurgeConfig config() {
        if (config == null) {
            config = source.get();
        }
        return config;
    }

    /**
     * KAFKA_* client overrides plus the bootstrap servers, with timeouts a command can wait for.
     * A command has no embedded broker to fall back on.
     *
     * @param example    the command as the error's example runs it, e.g. "dlq list"
     * @param whatItDoes why it needs a running Kafka, e.g. "reads the DLQ topics of"
     * @throws IllegalArgumentException without KAFKA_BOOTSTRAP_SERVERS, saying how to set it
     */
    public Map<String, Object> clients(String example, String whatItDoes) {
        return CommandClients.base(config(), example, whatItDoes);
    }
}

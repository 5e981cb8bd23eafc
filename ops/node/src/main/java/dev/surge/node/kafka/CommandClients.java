package dev.surge.node.kafka;

import dev.surge.config.SurgeConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/** Kafka client settings for the operator commands (dlq, reset), which have no embedded broker to fall back on. */
public final class CommandClients {

    private CommandClients() {
    }

    /**
     * KAFKA_* overrides plus the bootstrap servers, with timeouts a command can wait for.
     *
     * @param example    the command as the error's example runs it, e.g. "dlq list"
     * @param whatItDoes why it needs a running Kafka, e.g. "reads the DLQ topics of"
     */
    public static Map<String, Object> base(SurgeConfig config, String example, String whatItDoes) {
        String command = example.split(" ", 2)[0];
        String bootstrap = config.kafka().bootstrapServers().filter(s -> !s.isBlank()).orElseThrow(() ->
                new IllegalArgumentException("the " + command + " command " + whatItDoes + " a running Kafka: set"
                        + " KAFKA_BOOTSTRAP_SERVERS, e.g. KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092 ./surge " + example
                        + " (./surge run prints its embedded broker's address)"));
        Map<String, Object> props = new HashMap<>(config.kafka().clientOverrides());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // A command answers within seconds or says why; the clients' default is a minute. The
        // admin client wants the request timeout (default 30 s) no longer than the call's.
        props.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG,
                Math.max(20_000, Integer.parseInt(props.get(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG).toString())));
        return props;
    }
}

package dev.surge.tools.acls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.config.SurgeConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AclsCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return AclsCommand.run(List.of(args), SurgeConfig.load(env, Map.of()), new PrintStream(out, true),
                new PrintStream(err, true));
    }

    @Test
    void theShippedTableIsTheMatrixOfTheDefaults() throws Exception {
        assertThat(run(Map.of(), "--markdown")).isZero();
        String shipped = Files.readString(Path.of("..", "kafka", "acls.md"));
        assertThat(shipped).contains(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void commandsFollowThePrefixAndTheApplicationId() {
        assertThat(run(Map.of("TOPIC_PREFIX", "shop-", "APPLICATION_ID", "sale"), "--ingress", "User:edge")).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("--allow-principal User:edge --operation Write --topic shop-orders  # ")
                .contains("--allow-principal User:surge-processor --operation Write --transactional-id sale-"
                        + " --resource-pattern-type prefixed")
                .contains("--operation DescribeConfigs --topic shop-events-dlq");
    }

    @Test
    void aPrincipalWithoutItsTypeOrBothOutputsAreUsageErrors() {
        assertThat(run(Map.of(), "--processor", "bob")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--processor 'bob' must be a Kafka principal");
        assertThat(run(Map.of(), "--markdown", "--apply")).isEqualTo(2);
    }

    @Test
    void applyWithoutABootstrapSaysItNeedsARunningKafka() {
        assertThat(run(Map.of(), "--apply")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092 ./surge acls");
    }
}

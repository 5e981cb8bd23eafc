package dev.surge.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchArgsTest {

    private static BenchArgs parse(String... args) {
        return BenchArgs.parse(List.of(args));
    }

    @Test
    void oneScenarioWithTheDefaultsOfTheIssue() {
        BenchArgs args = parse("ingress");
        assertThat(args.scenarios()).extracting(Scenario::name).containsExactly("ingress");
        assertThat(args.all()).isFalse();
        assertThat(args.smoke()).isFalse();
        BenchOptions options = args.options();
        assertThat(options.rate()).isEmpty();
        assertThat(options.concurrency()).isEqualTo(64);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.items()).isEqualTo(1_000);
        assertThat(options.orders()).isEqualTo(300_000);
        assertThat(options.json()).isEmpty();
        assertThat(options.target()).isEmpty();
        assertThat(options.bootstrapServers()).isEmpty();
        assertThat(options.redisUrl()).isEmpty();
        assertThat(options.topicPrefix()).isEmpty();
    }

    @Test
    void allRunsEveryScenarioInOrder() {
        BenchArgs args = parse("all");
        assertThat(args.all()).isTrue();
        assertThat(args.scenarios()).extracting(Scenario::name)
                .containsExactlyElementsOf(Scenarios.all().stream().map(Scenario::name).toList())
                .startsWith("topology", "hot", "baseline-kafka", "baseline-redis-lua")
                .contains("ingress", "e2e", "queries", "events", "baseline-http", "baseline-http-produce");
    }

    @Test
    void everyOptionInBothForms() {
        BenchOptions options = parse("--rate", "2000/s", "e2e", "--concurrency=16", "--duration", "1m",
                "--warmup=500ms", "--items", "50", "--orders=1000", "--json", "out/bench.json", "--target",
                "http://surge:8080/", "--bootstrap-servers=k1:9092", "--redis", "redis://r:6379",
                "--topic-prefix=prod.")
                .options();
        assertThat(options.rate()).contains(2000);
        assertThat(options.concurrency()).isEqualTo(16);
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.items()).isEqualTo(50);
        assertThat(options.orders()).isEqualTo(1000);
        assertThat(options.json()).contains(Path.of("out/bench.json"));
        assertThat(options.target()).contains("http://surge:8080");
        assertThat(options.bootstrapServers()).contains("k1:9092");
        assertThat(options.redisUrl()).contains("redis://r:6379");
        assertThat(options.topicPrefix()).isEqualTo("prod.");
        assertThat(parse("e2e", "--rate=300").options().rate()).contains(300);
        assertThat(parse("e2e", "--warmup", "0s").options().warmup()).isZero();
    }

    @Test
    void smokeShortensTheDefaultsButNotWhatIsGiven() {
        BenchArgs smoke = parse("all", "--smoke");
        assertThat(smoke.smoke()).isTrue();
        assertThat(smoke.options().duration()).isEqualTo(BenchArgs.SMOKE_DURATION);
        assertThat(smoke.options().warmup()).isEqualTo(BenchArgs.SMOKE_WARMUP);
        assertThat(smoke.options().orders()).isEqualTo(BenchArgs.SMOKE_ORDERS);
        assertThat(smoke.options().items()).isEqualTo(BenchArgs.SMOKE_ITEMS);
        assertThat(smoke.options().concurrency()).isEqualTo(BenchArgs.SMOKE_CONCURRENCY);
        assertThat(BenchArgs.SMOKE_DURATION.plus(BenchArgs.SMOKE_WARMUP)).isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(parse("--smoke", "all", "--duration", "7s").options().duration()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aScenarioIsRequiredAndKnown() {
        assertThatThrownBy(() -> parse()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("which scenario?").hasMessageContaining("topology")
                .hasMessageContaining("events");
        assertThatThrownBy(() -> parse("--smoke")).hasMessageContaining("which scenario?");
        assertThatThrownBy(() -> parse("ingres")).hasMessageContaining("unknown scenario 'ingres'");
        assertThatThrownBy(() -> parse("ingress", "e2e")).hasMessageContaining("one scenario at a time");
    }

    @Test
    void badOptionsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> parse("ingress", "--threads", "4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option '--threads'");
        assertThatThrownBy(() -> parse("ingress", "--rate")).hasMessageContaining("--rate needs a value");
        assertThatThrownBy(() -> parse("ingress", "--rate", "--smoke")).hasMessageContaining("--rate needs a value");
        assertThatThrownBy(() -> parse("ingress", "--rate", "fast"))
                .hasMessageContaining("--rate 'fast' is not a positive");
        assertThatThrownBy(() -> parse("ingress", "--concurrency", "0")).hasMessageContaining("--concurrency '0'");
        assertThatThrownBy(() -> parse("ingress", "--items=-3")).hasMessageContaining("--items '-3'");
        assertThatThrownBy(() -> parse("ingress", "--duration", "soon")).hasMessageContaining("--duration")
                .hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> parse("ingress", "--duration", "0s")).hasMessageContaining("must be more than 0");
        assertThatThrownBy(() -> parse("ingress", "--target", "surge:8080", "--bootstrap-servers", "k:9092"))
                .hasMessageContaining("not an http:// or https:// URL");
        assertThatThrownBy(() -> parse("ingress", "--redis", "localhost:6379")).hasMessageContaining("redis://");
    }

    @Test
    void aTargetNeedsItsKafkaAndAPrefixNeedsATarget() {
        assertThatThrownBy(() -> parse("ingress", "--target", "http://surge:8080"))
                .hasMessageContaining("--target needs --bootstrap-servers");
        assertThatThrownBy(() -> parse("ingress", "--topic-prefix", "prod."))
                .hasMessageContaining("--topic-prefix is the --target Surge's");
    }
}

package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.config.AuthSettings.Scope;
import dev.surge.http.auth.ApiKeyGenerator;
import dev.surge.http.auth.ApiKeyGenerator.NewKey;
import dev.surge.http.client.Peers;
import dev.surge.http.tls.TestAuthority;
import dev.surge.local.EmbeddedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processors (the real artifact, a JVM each) serving HTTPS with certificates of a CA made for
 * the test: a client that trusts the CA reads every item from either one, those the other owns
 * included, which the asked instance reads from its peer over TLS (the only thing the peer's port
 * speaks), checking the peer's certificate against HTTP_TLS_TRUST. Plain HTTP gets nowhere.
 */
class TlsAcrossInstancesIT {

    private static final NewKey READ = ApiKeyGenerator.create("reader", Set.of(Scope.READ));
    private static final String TOKEN = "internal-".repeat(5);
    private static final List<String> ITEMS = IntStream.range(0, 12).mapToObj(i -> "tls-" + i).toList();

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static TestAuthority authority;
    static SurgeProcess first;
    static SurgeProcess second;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(0, dir.resolve("kafka"));
        authority = TestAuthority.create(dir, "Surge Test CA");
        first = processor("first");
        second = processor("second");
        first.awaitReady(Duration.ofSeconds(120));
        second.awaitReady(Duration.ofSeconds(120));
    }

    /** Each instance with a certificate of its own for the name it advertises (localhost:port). */
    private static SurgeProcess processor(String name) throws IOException {
        TestAuthority.Issued issued = authority.issue(name, "dns:localhost");
        Map<String, String> settings = new HashMap<>(Map.of(
                "ROLE", "processor",
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "TOPIC_PARTITIONS", "6",
                "STATE_DIR", dir.resolve("streams-" + name).toString(),
                "API_KEYS", READ.configEntry(),
                "INTERNAL_TOKEN", TOKEN,
                "HTTP_TLS_CERT", issued.certificate().toString(),
                "HTTP_TLS_KEY", issued.privateKey().toString(),
                "HTTP_TLS_TRUST", authority.caCertificate().toString()));
        return SurgeProcess.start(settings, dir.resolve(name + ".log"), authority.clientContext());
    }

    @AfterAll
    static void stop() {
        for (SurgeProcess processor : new SurgeProcess[] {second, first}) {
            if (processor != null) {
                processor.close();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void eitherInstanceAnswersEveryItemOverHttpsTheOthersThroughItsPeerOverTls() throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < ITEMS.size(); i++) {
                producer.send(new ProducerRecord<>("inventory-commands", ITEMS.get(i),
                        "{\"item_id\":\"" + ITEMS.get(i) + "\",\"type\":\"SET\",\"quantity\":" + (100 + i) + "}"));
            }
        }
        for (SurgeProcess asked : List.of(first, second)) {
            Set<String> servedBy = new HashSet<>();
            for (int i = 0; i < ITEMS.size(); i++) {
                HttpResponse<String> res = asked.awaitLevel("/v1/inventory/" + ITEMS.get(i), 100 + i, READ.key());
                servedBy.add(res.headers().firstValue(Peers.SERVED_BY).orElseThrow());
            }
            assertThat(servedBy).as("%s answered its own items and, read over TLS, the other's", asked.address())
                    .containsExactlyInAnyOrder(first.address(), second.address());
        }
    }

    @Test
    void plainHttpToTheTlsPortGetsNoAnswer() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + first.port() + "/health/live"))
                .timeout(Duration.ofSeconds(10)).build();

        assertThatThrownBy(() -> plain.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}

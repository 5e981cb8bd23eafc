package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * The real artifact ({@code ops/tools/target/surge.jar}) in a JVM of its own, as an operator runs
 * it: what a test needs to signal it (SIGTERM), kill it (SIGKILL) and read its log.
 */
final class SurgeProcess implements AutoCloseable {

    static final Path JAR = Path.of("..", "ops", "tools", "target", "surge.jar").toAbsolutePath().normalize();

    /** The id in an error answer's body, under which the instance logged what went wrong. */
    private static final Pattern CORRELATION_ID = Pattern.compile("\"correlation_id\":\"([^\"]+)\"");

    private final Process process;
    private final Path log;
    private final int port;
    private final String scheme;
    private final HttpClient http;

    private SurgeProcess(Process process, Path log, int port, SSLContext tls) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.scheme = tls == null ? "http" : "https";
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        this.http = (tls == null ? client : client.sslContext(tls)).build();
    }

    /**
     * {@code surge run} with these settings and the JSON log in {@code log}; HTTP_PORT is chosen
     * here unless the settings name one (a restart on the address the group knows).
     */
    static SurgeProcess start(Map<String, String> settings, Path log) throws IOException {
        return start(settings, log, null);
    }

    /** As above, serving HTTPS (the settings name HTTP_TLS_CERT and KEY); {@code tls} trusts its CA. */
    static SurgeProcess start(Map<String, String> settings, Path log, SSLContext tls) throws IOException {
        int port = settings.containsKey("HTTP_PORT") ? Integer.parseInt(settings.get("HTTP_PORT"))
                : RunningSurge.freePort();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-Xmx384m");
        // -Dsurge.processorJvmArgs="-Dlogback.configurationFile=F ..." for a diagnosis by hand.
        String extra = System.getProperty("surge.processorJvmArgs", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", JAR.toString(), "run"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.remove("LOG_FORMAT");
        env.remove("HTTP_HOST");
        env.put("HTTP_PORT", Integer.toString(port));
        // Every test client is one address: the per-address limits (writes and reads) would only get in the way.
        env.put("RATE_LIMIT_MAX_REQUESTS", "0");
        env.put("RATE_LIMIT_IP_MAX_REQUESTS", "0");
        env.putAll(settings);
        env.put("HTTP_PORT", Integer.toString(port));
        return new SurgeProcess(builder.start(), log, port, tls);
    }

    int port() {
        return port;
    }

    String base() {
        return scheme + "://localhost:" + port;
    }

    /** host:port as the instance advertises itself (its default APPLICATION_SERVER). */
    String address() {
        return "localhost:" + port;
    }

    Process process() {
        return process;
    }

    SurgeProcess awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as(tail()).isTrue();
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base() + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not ready within " + timeout + ": " + tail());
    }

    /**
     * GETs {@code path} (an inventory item) with this API key until it shows {@code available} units:
     * 404 and 503 (with Retry-After) while the item is on its way or its partition moves.
     */
    HttpResponse<String> awaitLevel(String path, long available, String apiKey) throws Exception {
        return awaitLevel(path, available, apiKey, Duration.ofSeconds(120));
    }

    /** As above, for up to {@code within}; {@code apiKey} null when the instance takes no keys. */
    HttpResponse<String> awaitLevel(String path, long available, String apiKey, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        HttpResponse<String> res;
        do {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
            if (apiKey != null) {
                request.header("X-API-Key", apiKey);
            }
            res = http.send(request.timeout(Duration.ofSeconds(40)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == 200
                    && Json.MAPPER.readValue(res.body(), InventoryLevel.class).available() == available) {
                return res;
            }
            HttpResponse<String> answer = res;
            assertThat(res.statusCode()).as(() -> path + " from " + address() + ": " + answer.body() + " "
                    + loggedUnder(answer.body())).isIn(200, 404, 503);
            if (res.statusCode() == 503) {
                assertThat(res.headers().firstValue("Retry-After")).isPresent();
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(path + " from " + address() + " never showed " + available + ": " + res.body()
                + "\n" + tail());
    }

    /** SIGKILL: no drain, no commit, no leaving the group. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * What this instance logged under the correlation id of an error answer (its body), at most 4,000
     * characters: the stack trace of a 500. Empty when the body names no id or nothing was logged.
     */
    String loggedUnder(String errorBody) {
        Matcher id = CORRELATION_ID.matcher(errorBody);
        if (!id.find()) {
            return "";
        }
        try {
            String found = String.join("\n", Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains(id.group(1))).toList());
            return found.length() <= 4_000 ? found : found.substring(0, 4_000) + "...";
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** Closes each that was started, in the order given (a test's set-up may have failed midway). */
    static void closeAll(AutoCloseable... started) throws Exception {
        for (AutoCloseable resource : started) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    /**
     * With {@code -Dsurge.keepLogsIn=DIR}, copies the processes' logs ({@code *.log} in {@code dir})
     * there, named {@code prefix-log}: the temporary directory does not outlive the test.
     */
    static void keepLogs(Path dir, String prefix) throws IOException {
        String keep = System.getProperty("surge.keepLogsIn");
        if (keep == null) {
            return;
        }
        Files.createDirectories(Path.of(keep));
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.copy(log, Path.of(keep).resolve(prefix + "-" + log.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}

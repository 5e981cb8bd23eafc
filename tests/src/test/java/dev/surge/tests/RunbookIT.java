package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.local.EmbeddedKafka;
import dev.surge.node.kafka.TopicSetup;
import dev.surge.schemas.InventoryLevel;
import dev.surge.schemas.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of {@code docs/runbook.md}, run: each block fenced {@code ```sh} is run with
 * {@code bash -euo pipefail} from the repository root, in the order of the runbook, with the
 * variables the runbook declares pointing at a live Surge that this test starts (role all, on a
 * Kafka broker of its own that outlives Surge's stops, with dead letters and data already there).
 * A block that exits non-zero fails the test with its text and output; every block runs either way,
 * so one run lists every failing block.
 *
 * <p>The word after {@code sh} is the state a block needs, and the test brings Surge into it first:
 * none = running; {@code stopped} = Surge stopped and gone from its consumer group, Kafka up (the
 * next plain block finds it started again on the same data, as the procedure's next step does);
 * {@code restore} = a second, empty broker on which Surge's topics exist and no processor runs. After
 * the restore blocks, a Surge started on that second broker must decide every order and count every
 * event as the first one did. Blocks fenced {@code ```text} (Kubernetes, docker-compose) are not run,
 * and no other fence is allowed: a command in a {@code ```bash} block would silently go unchecked.
 *
 * <p>Processes a block starts ({@code ./surge run} for a second processor) get a 10 s session timeout,
 * so that the group notices a stopped member in seconds rather than the default 45.
 */
class RunbookIT {

    static final Path ROOT = MonitoringAssets.repoRoot();
    static final Path RUNBOOK = ROOT.resolve("docs/runbook.md");
    /** What the runbook's first block declares, and this test sets for every block. */
    static final List<String> VARIABLES = List.of("SURGE", "SURGE_PROCESSOR", "SURGE_MANAGEMENT",
            "PROCESSOR_MANAGEMENT", "KAFKA_BOOTSTRAP_SERVERS", "APPLICATION_ID", "STATE_DIR", "BACKUP_DIR", "ITEM");
    static final Set<String> PHASES = Set.of("running", "stopped", "restore");
    private static final Duration BLOCK_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final String SESSION_TIMEOUT_MS = "10000";
    private static final Pattern FENCE = Pattern.compile("^(\\s*)```\\s*([A-Za-z0-9_-]*)\\s*(.*?)\\s*$");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern LINK = Pattern.compile("\\]\\(#([^)]+)\\)");
    private static final Pattern EXPORT = Pattern.compile("^export\\s+([A-Z_][A-Z0-9_]*)=", Pattern.MULTILINE);
    private static final Pattern RUNBOOK_URL =
            Pattern.compile("-\\s+alert:\\s*(\\S+)[\\s\\S]*?runbook_url:\\s*\"?docs/runbook\\.md#([^\"\\s]+)\"?");

    @TempDir
    static Path dir;

    static EmbeddedKafka kafka;
    static EmbeddedKafka restoredKafka;
    static RunningSurge surge;
    static RunningSurge restoredSurge;
    static Instant at;

    record Block(int line, String phase, String text) {
        String describe() {
            return "docs/runbook.md line " + line + " (sh" + (phase.equals("running") ? "" : " " + phase) + ")";
        }
    }

    record Run(Block block, int exit, String output, long millis) {
        boolean failed() {
            return exit != 0;
        }
    }

    // ---- the runbook's shape: no Surge needed

    @Test
    void everyAlertHasTheSectionItsRunbookUrlNames() {
        String alerts = MonitoringAssets.read(MonitoringAssets.alertsFile());
        Map<String, String> anchors = new LinkedHashMap<>();
        Matcher m = RUNBOOK_URL.matcher(alerts);
        while (m.find()) {
            anchors.put(m.group(1), m.group(2));
        }
        List<String> names = MonitoringAssets.alertNames(alerts);
        assertThat(anchors.keySet()).as("alerts with a runbook_url into docs/runbook.md").containsExactlyElementsOf(names);
        Set<String> headings = headingAnchors(lines());
        anchors.forEach((alert, anchor) -> {
            assertThat(anchor).as(alert + "'s anchor is its name, as GitHub makes it").isEqualTo(slug(alert));
            assertThat(headings).as("a heading for " + alert).contains(anchor);
        });
    }

    @Test
    void everyLinkInsideTheRunbookLandsOnAHeadingAndEveryFenceIsShOrText() {
        List<String> lines = lines();
        Set<String> headings = headingAnchors(lines);
        Matcher m = LINK.matcher(String.join("\n", lines));
        while (m.find()) {
            assertThat(headings).as("link #" + m.group(1)).contains(m.group(1));
        }
        List<Block> blocks = blocks(lines);
        assertThat(blocks).isNotEmpty();
        Set<String> declared = new LinkedHashSet<>();
        Matcher export = EXPORT.matcher(blocks.getFirst().text());
        while (export.find()) {
            declared.add(export.group(1));
        }
        assertThat(declared).as("the variables the runbook's first block declares").containsExactlyElementsOf(VARIABLES);
        assertThat(blocks).extracting(Block::phase).containsAll(PHASES);
    }

    // ---- every block, run

    @Test
    void everyShellBlockRunsAgainstALiveSurge() throws Exception {
        requireTools();
        requireBuiltLauncher();
        at = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        kafka = EmbeddedKafka.start(0, dir.resolve("kafka"));
        surge = new RunningSurge(dir, settings(kafka));
        preload(surge);

        List<Run> runs = new ArrayList<>();
        String phase = "running";
        for (Block block : blocks(lines())) {
            phase = enter(block.phase(), phase);
            Run run = run(block, environment(block.phase()));
            runs.add(run);
            System.out.printf("%n$ %s: exit %d in %.1f s%n%s%n--- output%n%s%n", block.describe(), run.exit(),
                    run.millis() / 1000.0, block.text().strip(), run.output().strip());
        }
        System.out.printf("%nRunbookIT: %d blocks run, %d failed%n", runs.size(), runs.stream().filter(Run::failed).count());
        runs.forEach(r -> System.out.printf("  %-40s exit %3d  %6.1f s  %s%n", r.block().describe(), r.exit(),
                r.millis() / 1000.0, firstLine(r.block().text())));

        List<String> failures = new ArrayList<>();
        for (Run run : runs) {
            if (run.failed()) {
                failures.add(run.block().describe() + " exited " + run.exit() + "\n--- block\n"
                        + run.block().text().strip() + "\n--- output\n" + run.output().strip());
            }
        }
        boolean restoreRan = runs.stream().anyMatch(r -> r.block().phase().equals("restore"));
        boolean restoreFailed = runs.stream().anyMatch(r -> r.block().phase().equals("restore") && r.failed());
        if (restoreRan && !restoreFailed) {
            enter("running", phase);
            assertRestoredClusterDecidesAsTheOriginal();
        }
        assertThat(failures).as("runbook blocks that failed:%n%s", String.join("\n\n", failures)).isEmpty();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        Path pidFile = Path.of(dir + "/streams-2/surge.pid");
        if (Files.isRegularFile(pidFile)) {
            // A block started a second processor and a later one did not stop it.
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(p -> {
                p.destroy();
                p.onExit().orTimeout(60, TimeUnit.SECONDS).exceptionally(e -> {
                    p.destroyForcibly();
                    return p;
                }).join();
            });
        }
        for (AutoCloseable closeable : new AutoCloseable[] {restoredSurge, surge, restoredKafka, kafka}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.err.println("RunbookIT: closing " + closeable + ": " + e);
                }
            }
        }
    }

    // ---- phases

    /** Brings Surge from the phase it is in to the one the block needs; returns the new phase. */
    private static String enter(String wanted, String current) throws Exception {
        if (wanted.equals(current)) {
            return current;
        }
        switch (wanted) {
            case "stopped" -> {
                if (surge != null) {
                    surge.close();
                    surge = null;
                }
                awaitNoMembers(kafka.bootstrapServers(), "surge");
            }
            case "running" -> {
                if (surge == null) {
                    surge = new RunningSurge(dir, settings(kafka));
                }
            }
            case "restore" -> {
                if (restoredKafka == null) {
                    // What the restore procedure starts from: a new cluster on which the ingress created the topics.
                    restoredKafka = EmbeddedKafka.start(0, dir.resolve("restored-kafka"));
                    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                            restoredKafka.bootstrapServers()))) {
                        TopicSetup.ensureTopics(admin, TopicSetup.newTopics(dev.surge.schemas.Topics.withPrefix(""),
                                3, (short) 1));
                    }
                }
                if (surge == null) {
                    surge = new RunningSurge(dir, settings(kafka));
                }
            }
            default -> throw new AssertionError("unknown phase " + wanted);
        }
        return wanted;
    }

    private static Map<String, String> settings(EmbeddedKafka broker) {
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "TOPIC_PARTITIONS", "3",
                // Lag, DLQ backlog and inventory levels on /metrics within seconds of a start.
                "MONITOR_INTERVAL", "2s",
                // /metrics and /health's details on a port of their own, as deployments serve them.
                "MANAGEMENT_PORT", "0",
                "STREAMS_SESSION_TIMEOUT_MS", SESSION_TIMEOUT_MS);
    }

    /** The runbook's variables for a block of the given phase. */
    private static Map<String, String> environment(String phase) {
        String base = surge != null ? surge.node.baseUrl() : "http://localhost:1";
        String management = surge != null ? surge.node.monitoringUrl() : "http://localhost:1";
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SURGE", base);
        env.put("SURGE_PROCESSOR", base);
        env.put("SURGE_MANAGEMENT", management);
        env.put("PROCESSOR_MANAGEMENT", management);
        env.put("KAFKA_BOOTSTRAP_SERVERS", phase.equals("restore") ? restoredKafka.bootstrapServers() : kafka.bootstrapServers());
        env.put("APPLICATION_ID", "surge");
        env.put("STATE_DIR", dir.resolve("streams").toString());
        env.put("BACKUP_DIR", dir.resolve("backup").toString());
        env.put("ITEM", "sku-1");
        assertThat(env.keySet()).containsExactlyElementsOf(VARIABLES);
        // Not a runbook variable: for the processors a block starts (see the class comment).
        env.put("STREAMS_SESSION_TIMEOUT_MS", SESSION_TIMEOUT_MS);
        return env;
    }

    private static Run run(Block block, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", block.text())
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        int exit;
        if (process.waitFor(BLOCK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            exit = process.exitValue();
        } else {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            exit = -1;
        }
        String text;
        try {
            text = output.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            text = "(output not read: " + e + ")";
        }
        if (exit == -1) {
            text += "\n(timed out after " + BLOCK_TIMEOUT.toMinutes() + " min)";
        }
        return new Run(block, exit, text, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output not read: " + e + ")";
        }
    }

    // ---- what the runbook's commands find when they start

    /**
     * Stock, orders and events over HTTP; dead letters of every kind the runbook talks about: garbage
     * and an order the schema refuses in orders-dlq, garbage and a late event in events-dlq.
     */
    private static void preload(RunningSurge node) throws Exception {
        node.stock("sku-1", 50);
        node.stock("sku-2", 5);
        List<String> orders = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            String item = n < 3 ? "sku-1" : "sku-2";
            HttpResponse<String> res = node.postJson("/v1/orders", Map.of("user_id", "rb-u" + n, "item_id", item,
                    "quantity", 1 + n % 2), "Idempotency-Key", "runbook-" + n);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
            orders.add(Json.MAPPER.readTree(res.body()).path("order_id").asText());
        }
        for (String order : orders) {
            assertThat(node.get("/v1/orders/" + order + "?wait=20s").statusCode()).as(order).isEqualTo(200);
        }
        List<Map<String, Object>> events = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            events.add(Map.of("event_id", "rb-e" + n, "session_id", "rb-s" + (n % 4), "user_id", "rb-u" + (n % 3),
                    "event_type", n % 2 == 0 ? "page_view" : "add_to_cart", "event_action", "view",
                    "timestamp", at.toString()));
        }
        assertThat(node.postJson("/v1/events", events).statusCode()).isEqualTo(202);

        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.node.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        int home = Topics.partitionOf("sku-1", 3);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("orders", bytes("sku-1"), bytes("not json")));
            producer.send(new ProducerRecord<>("orders", home, bytes("sku-1"),
                    bytes("{\"order_id\":\"rb-refused\",\"user_id\":\"rb-u9\",\"item_id\":\"sku-1\",\"quantity\":0}")));
            producer.send(new ProducerRecord<>("events", bytes("rb-s9"), bytes("{broken")));
            producer.send(new ProducerRecord<>("events", bytes("rb-s0"), bytes("{\"event_id\":\"rb-late\","
                    + "\"session_id\":\"rb-s0\",\"event_type\":\"page_view\",\"event_action\":\"view\",\"timestamp\":\""
                    + at.minus(2, ChronoUnit.DAYS) + "\"}")));
            producer.flush();
        }
        assertThat(Topics.readCommitted(node.node.bootstrapServers(), "orders-dlq", 2, SETTLE)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(Topics.readCommitted(node.node.bootstrapServers(), "events-dlq", 2, SETTLE)).hasSizeGreaterThanOrEqualTo(2);
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (eventsToday(node) < events.size()) {
            assertThat(System.nanoTime()).as("events counted").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    // ---- the restored cluster

    /**
     * A Surge on the restored broker processes the restored inputs from the beginning: every order
     * must get the decision it got on the original cluster, every item the same stock, and today the
     * same count of events.
     */
    private static void assertRestoredClusterDecidesAsTheOriginal() throws Exception {
        awaitLag(surge, 0);
        Map<String, String> decisions = decisions(kafka.bootstrapServers());
        Map<String, List<Long>> stock = stock(surge);
        long events = eventsToday(surge);

        restoredSurge = new RunningSurge(dir.resolve("restored"), settings(restoredKafka));
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Map<String, String> restoredDecisions = Map.of();
        Map<String, List<Long>> restoredStock = Map.of();
        long restoredEvents = -1;
        while (System.nanoTime() < deadline) {
            restoredDecisions = decisions(restoredKafka.bootstrapServers());
            restoredStock = stock(restoredSurge);
            restoredEvents = eventsToday(restoredSurge);
            if (restoredDecisions.equals(decisions) && restoredStock.equals(stock) && restoredEvents == events) {
                break;
            }
            Thread.sleep(500);
        }
        System.out.printf("RunbookIT: the restored cluster decided %d orders, stocked %s and counted %d events today "
                + "as the original did%n", restoredDecisions.size(), restoredStock.keySet(), restoredEvents);
        assertThat(restoredDecisions).as("every order's decision on the restored cluster").isEqualTo(decisions);
        assertThat(restoredStock).as("available, reserved, supplied per item on the restored cluster").isEqualTo(stock);
        assertThat(restoredEvents).as("today's events on the restored cluster").isEqualTo(events);
    }

    /** order_id → status, reason and units left, the latest result of each order. */
    private static Map<String, String> decisions(String bootstrap) {
        Map<String, String> decided = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : Topics.readCommitted(bootstrap, "order-results", 1,
                Duration.ofSeconds(3))) {
            try {
                JsonNode result = Json.MAPPER.readTree(record.value());
                decided.put(result.path("order_id").asText(), result.path("status").asText() + " "
                        + result.path("reason").asText() + " " + result.path("remaining").asText());
            } catch (IOException e) {
                // not a result: the DLQ's business, not this comparison's
            }
        }
        return decided;
    }

    private static Map<String, List<Long>> stock(RunningSurge node) throws Exception {
        Map<String, List<Long>> levels = new TreeMap<>();
        for (String item : List.of("sku-1", "sku-2")) {
            HttpResponse<String> res = node.get("/v1/inventory/" + item);
            if (res.statusCode() == 200) {
                InventoryLevel level = Json.MAPPER.readValue(res.body(), InventoryLevel.class);
                levels.put(item, List.of(level.available(), level.reserved(), level.supplied()));
            }
        }
        return levels;
    }

    private static long eventsToday(RunningSurge node) throws Exception {
        LocalDate today = LocalDate.ofInstant(at, ZoneOffset.UTC);
        HttpResponse<String> res = node.get("/v1/metrics/daily?metric=events&from=" + today + "&to=" + today);
        if (res.statusCode() != 200) {
            return -1;
        }
        for (JsonNode row : Json.MAPPER.readTree(res.body()).path("rows")) {
            return row.path("value").asLong();
        }
        return 0;
    }

    private static void awaitLag(RunningSurge node, long lag) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            HttpResponse<String> res = node.get("/v1/lag?group=surge");
            if (res.statusCode() == 200
                    && Json.MAPPER.readTree(res.body()).path("groups").path(0).path("lag").asLong(-1) == lag) {
                return;
            }
            assertThat(System.nanoTime()).as("lag of group surge never reached " + lag).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private static void awaitNoMembers(String bootstrap, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().isEmpty()) {
                assertThat(System.nanoTime()).as("group " + group + " still has members").isLessThan(deadline);
                Thread.sleep(250);
            }
        }
    }

    // ---- reading the runbook

    static List<String> lines() {
        try {
            return Files.readAllLines(RUNBOOK, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + RUNBOOK, e);
        }
    }

    /**
     * The {@code sh} blocks in order, their phase from the fence ({@code ```sh stopped}), their text
     * without the fence's indentation (blocks inside list items are indented). Every fence must be
     * {@code sh} with a known phase, or {@code text}.
     */
    static List<Block> blocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int opened = i + 1;
            String language = open.group(2);
            String info = open.group(3);
            int indent = open.group(1).length();
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                String line = lines.get(i);
                int strip = Math.min(indent, line.length() - line.stripLeading().length());
                text.append(line.substring(strip)).append('\n');
            }
            assertThat(i).as("the block opened at line " + opened + " is closed").isLessThan(lines.size());
            assertThat(language).as("fence at line " + opened + ": sh (run) or text (not run)").isIn("sh", "text");
            if (language.equals("sh")) {
                String phase = info.isEmpty() ? "running" : info.toLowerCase(Locale.ROOT);
                assertThat(phase).as("phase of the sh block at line " + opened).isIn(PHASES);
                blocks.add(new Block(opened, phase, text.toString()));
            }
        }
        return blocks;
    }

    /** The anchors GitHub gives the headings of a Markdown file. */
    static Set<String> headingAnchors(List<String> lines) {
        Set<String> anchors = new LinkedHashSet<>();
        boolean inFence = false;
        for (String line : lines) {
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (!inFence && m.matches()) {
                anchors.add(slug(m.group(1)));
            }
        }
        return anchors;
    }

    /** GitHub's heading anchor: lower case, markup and punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT)
                .replaceAll("[`*_]", "")
                .replaceAll("[^\\p{L}\\p{N} -]", "")
                .replace(' ', '-');
    }

    // ---- preconditions

    private static void requireTools() throws Exception {
        for (String tool : List.of("bash", "curl", "jq", "kcat", "timeout")) {
            Process which = new ProcessBuilder("bash", "-c", "command -v " + tool).redirectErrorStream(true).start();
            assertThat(which.waitFor()).as("the runbook's commands need %s on PATH (Debian: apt-get install %s)",
                    tool, tool).isZero();
        }
    }

    /** ./surge builds when its jar is older than the sources; inside a test that must not happen. */
    private static void requireBuiltLauncher() throws IOException {
        Path jar = ROOT.resolve("ops/tools/target/surge.jar");
        assertThat(jar).as("ops/tools/target/surge.jar: build first (./mvnw package)").isRegularFile();
        long built = Files.getLastModifiedTime(jar).toMillis();
        try (Stream<Path> files = Files.walk(ROOT)) {
            List<Path> newer = files.filter(p -> !p.startsWith(ROOT.resolve(".git")))
                    // As the launcher's own test: anything under a src/main, or a pom.xml.
                    .filter(p -> p.toString().contains("/src/main/") || p.getFileName().toString().equals("pom.xml"))
                    .filter(p -> {
                        try {
                            return Files.getLastModifiedTime(p).toMillis() > built;
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .limit(5).toList();
            assertThat(newer).as("sources newer than ops/tools/target/surge.jar: ./surge would rebuild it").isEmpty();
        }
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 70 ? line.substring(0, 70) + "..." : line;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.surge.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.config.AuthSettings.Scope;
import dev.surge.http.auth.ApiKeyGenerator.NewKey;
import dev.surge.http.auth.ApiKeyGenerator;
import dev.surge.schemas.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (headless Chromium) against a whole node on the embedded broker and
 * a second processor in its own JVM, API keys on: it asks for a key and refuses one without the
 * read scope, then each view shows what the test did through the API, gathered from both
 * instances, and the sale view's numbers move on their own when an order is placed for an item
 * the other instance owns. Screenshots of each view go to target/console/ (the README's come from there).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    private static final NewKey ADMIN = ApiKeyGenerator.create("ops", Set.of(Scope.ADMIN));
    private static final NewKey SHOP = ApiKeyGenerator.create("shop", Set.of(Scope.ORDERS, Scope.EVENTS));
    private static final NewKey VIEWER = ApiKeyGenerator.create("console-viewer", Set.of(Scope.READ));
    private static final Path SCREENSHOTS = Path.of("target", "console");
    private static final int ITEMS = 40;
    private static final String TOKEN = "console-it-".repeat(3);

    @TempDir
    static Path dir;

    static RunningSurge surge;
    static SurgeProcess other;
    static ChromeDriver browser;
    /** An item whose partition the other processor owns: its live numbers come from there. */
    static String remoteItem;

    @BeforeAll
    static void start() throws Exception {
        String keys = String.join(";", ADMIN.configEntry(), SHOP.configEntry(), VIEWER.configEntry());
        surge = new RunningSurge(dir, Map.of("API_KEYS", keys, "INTERNAL_TOKEN", TOKEN));
        other = SurgeProcess.start(Map.of("ROLE", "processor", "API_KEYS", keys, "INTERNAL_TOKEN", TOKEN,
                "KAFKA_BOOTSTRAP_SERVERS", surge.node.bootstrapServers(), "TOPIC_PARTITIONS", "3",
                "STATE_DIR", dir.resolve("other-streams").toString()), dir.resolve("other.log"));
        other.awaitReady(Duration.ofSeconds(120));
        awaitInstances(2);
        for (int i = 1; i <= ITEMS; i++) {
            call("PUT", "/v1/admin/inventory/console-" + i, ADMIN, Map.of("stock", 20 + i), 202);
        }
        awaitItems(ITEMS);
        remoteItem = itemServedBy(other.address());
        browser = HeadlessChromium.start();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (other != null) {
            other.close();
        }
        if (surge != null) {
            surge.close();
        }
    }

    @Test
    @Order(1)
    void asksForAKeyRefusesOneWithoutReadAndOpensWithAReadKey() {
        browser.get(surge.url("/"));

        assertThat(browser.getCurrentUrl()).isEqualTo(surge.url("/console/"));
        WebElement form = waitFor(By.id("key-form"));
        assertThat(form.isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("sale")).isDisplayed()).isFalse();
        screenshot("key");

        enterKey(SHOP.key());
        waitUntil(() -> browser.findElement(By.id("key-error")).getText().contains("lacks the read scope"));
        enterKey("surge_" + "x".repeat(40));
        waitUntil(() -> browser.findElement(By.id("key-error")).getText().contains("refused"));
        assertThat(browser.findElement(By.id("sale")).isDisplayed()).isFalse();

        enterKey(VIEWER.key());
        waitUntil(() -> browser.findElement(By.id("sale")).isDisplayed());
        assertThat(form.isDisplayed()).isFalse();
        assertThat((String) browser.executeScript("return sessionStorage.getItem('surge.apiKey')")).isEqualTo(VIEWER.key());
        assertThat((String) browser.executeScript("return localStorage.length + ''")).isEqualTo("0");
        // What the refusals logged (the 401 and 403 answers) is behind us; from here on the page logs nothing.
        browser.manage().logs().get(LogType.BROWSER);
    }

    @Test
    @Order(2)
    void showsTheItemsAndAnOrderMovesTheirNumbersWithoutAReload() throws Exception {
        browser.get(surge.url("/console/#sale"));
        String row = "#items tr[data-item='" + remoteItem + "']";
        long stock = 20 + Long.parseLong(remoteItem.substring("console-".length()));
        // Rows are redrawn as levels arrive: read them afresh each time, never hold one.
        waitUntil(() -> text(row + " .available").equals(Long.toString(stock)));
        assertThat(text("#items-count")).isEqualTo("40 of 40 items");
        browser.executeScript("window.notReloaded = true");

        Instant sent = Instant.now();
        call("POST", "/v1/orders", SHOP, Map.of("user_id", "console-u1", "item_id", remoteItem, "quantity", 2), 202);
        waitUntil(() -> text(row + " .available").equals(Long.toString(stock - 2)) && text(row + " .held").equals("2"));
        Duration shown = Duration.between(sent, Instant.now());
        System.out.println("CONSOLE_ORDER_SHOWN_AFTER_MS " + shown.toMillis());

        assertThat(browser.executeScript("return window.notReloaded")).isEqualTo(Boolean.TRUE);
        // Within a second or two on a quiet machine (the figure above); bounded loosely for a busy CI runner.
        assertThat(shown).isLessThan(Duration.ofSeconds(5));
        waitUntil(() -> !text("#sale-decided").equals("–") && Long.parseLong(text("#sale-decided")) >= 1);
        assertThat(browser.findElement(By.cssSelector("#sale-mix .bar[data-label='reserved'] .bar-value")).getText())
                .isEqualTo("1");

        // A busier minute: more orders than the first items hold (some wait in line), and a record no
        // order could be, straight onto the topic.
        for (int i = 0; i < 48; i++) {
            call("POST", "/v1/orders", SHOP, Map.of("user_id", "console-b" + i, "item_id", "console-" + (1 + i % 4),
                    "quantity", 2, "waitlist", i % 3 == 0), 202);
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, surge.node.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(surge.node.config().topics().orders().name(),
                    "console-1".getBytes(), "{not json".getBytes())).get();
        }
        waitUntil(() -> text("#sale-dlq tbody").contains("INVALID_JSON"));
        waitUntil(() -> Long.parseLong(text("#sale-mix .bar[data-label='sold out'] .bar-value")) > 0
                && Long.parseLong(text("#sale-mix .bar[data-label='waitlisted'] .bar-value")) > 0);
        assertThat(text("#items tr[data-item='console-1'] .available")).isEqualTo("1");

        browser.findElement(By.id("items-search")).sendKeys("console-3");
        waitUntil(() -> text("#items-count").equals("11 of 40 items"));
        browser.findElement(By.cssSelector("#items th[data-sort='available']")).click();
        waitUntil(() -> firstItem().equals("console-39"));
        browser.findElement(By.id("items-search")).clear();
        browser.findElement(By.cssSelector("#items th[data-sort='item_id']")).click();
        waitUntil(() -> text("#items-count").equals("40 of 40 items") && firstItem().equals("console-1"));
        screenshot("sale");
    }

    @Test
    @Order(3)
    void theAnalyticsViewShowsTheEventsPostedHere() throws Exception {
        Instant at = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(EventsEndToEndIT.event("console-e" + i, "console-s" + (i % 4), "console-u" + (i % 3),
                    i < 8 ? "console_view" : "console_click", i % 2 == 0 ? "open" : "scroll", at));
        }
        call("POST", "/v1/events", SHOP, events, 202);

        browser.get(surge.url("/console/#analytics"));
        waitUntil(() -> text("#analytics-types .bar[data-label='console_view'] .bar-value").equals("8")
                && text("#analytics-types .bar[data-label='console_click'] .bar-value").equals("4"));
        waitUntil(() -> text("#analytics-users").equals("3") && text("#analytics-sessions").equals("4"));
        assertThat(text("#analytics-events")).isEqualTo("12");
        assertThat(text("#analytics-users-error")).contains("98%");
        assertThat(browser.findElements(By.cssSelector("#analytics-hourly rect.column"))).hasSize(24);
        assertThat(text("#analytics-top tbody tr:first-child")).contains("console_view");
        screenshot("analytics");
    }

    @Test
    @Order(4)
    void theClusterViewListsThisInstance() {
        browser.get(surge.url("/console/#cluster"));

        waitUntil(() -> text("#cluster-health").equals("UP") && text("#cluster-count").equals("2"));
        List<String> listed = browser.findElements(By.cssSelector("#cluster-instances tr[data-instance]")).stream()
                .map(tr -> tr.getAttribute("data-instance")).distinct().toList();
        assertThat(listed).containsExactlyInAnyOrder(surge.node.config().withHttpPort(surge.node.httpPort())
                .applicationServer(), other.address());
        assertThat(text("#cluster-instances")).contains("RUNNING", "inventory", "order-status");
        screenshot("cluster");
    }

    @Test
    @Order(5)
    void thePageLoggedNoErrorAndLoadedNothingFromElsewhere() {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(errors).isEmpty();
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) browser.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href])");
        assertThat(loaded).isNotEmpty().allSatisfy(url -> assertThat(url).startsWith(surge.node.baseUrl() + "/"));
    }

    private static void enterKey(String key) {
        WebElement input = waitFor(By.id("key-input"));
        input.clear();
        input.sendKeys(key);
        browser.findElement(By.cssSelector("#key-form button[type='submit']")).click();
    }

    private static String firstItem() {
        return browser.findElements(By.cssSelector("#items tbody tr")).getFirst().getAttribute("data-item");
    }

    private static String text(String selector) {
        List<WebElement> found = browser.findElements(By.cssSelector(selector));
        return found.isEmpty() ? "" : found.getFirst().getText();
    }

    private static WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> driver.findElement(by));
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class)
                .until(driver -> condition.getAsBoolean());
    }

    private static void screenshot(String view) {
        browser.executeScript("window.scrollTo(0, 0)");
        try {
            Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(view + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void call(String method, String path, NewKey key, Object body, int expected) throws Exception {
        HttpResponse<String> res = surge.http.send(HttpRequest.newBuilder(URI.create(surge.url(path)))
                .header("Content-Type", "application/json")
                .header("X-API-Key", key.key())
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofString(Json.toString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(method + " " + path + ": " + res.body()).isEqualTo(expected);
    }

    private static HttpResponse<String> read(String path) throws Exception {
        return surge.http.send(HttpRequest.newBuilder(URI.create(surge.url(path)))
                .header("X-API-Key", VIEWER.key()).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Until both instances run, each with some of the inventory's partitions. */
    private static void awaitInstances(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> res = read("/v1/instances");
            if (res.statusCode() == 200) {
                var instances = Json.MAPPER.readTree(res.body()).path("instances");
                long ready = 0;
                for (var instance : instances) {
                    if (instance.path("state").asText().equals("RUNNING")
                            && !instance.path("stores").path("inventory").path("active").isEmpty()) {
                        ready++;
                    }
                }
                if (ready == count) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(count + " instances never shared the partitions");
    }

    /** One of console-5 to console-30: the others' numbers are asserted elsewhere. */
    private static String itemServedBy(String address) throws Exception {
        for (int i = 5; i <= 30; i++) {
            HttpResponse<String> res = read("/v1/inventory/console-" + i);
            if (res.statusCode() == 200 && res.headers().firstValue("X-Surge-Served-By").orElse("").equals(address)) {
                return "console-" + i;
            }
        }
        throw new AssertionError("no item of " + address);
    }

    private static void awaitItems(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> res = read("/v1/inventory?prefix=console-&limit=1000");
            if (res.statusCode() == 200 && Json.MAPPER.readTree(res.body()).path("items").size() == count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the " + count + " items never all showed");
    }
}

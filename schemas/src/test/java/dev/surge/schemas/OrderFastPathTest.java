package dev.surge.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Differential test: the fast path may only accept what the JSON Schema accepts, read the same way,
 * and should accept every plainly valid order. Inputs are generated: valid orders in many spellings,
 * each field broken in every way the schema cares about, and random byte edits of valid orders.
 */
class OrderFastPathTest {

    private static final int MAX_QUANTITY = 10;
    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
    private static final List<String> FIELDS = List.of("order_id", "user_id", "item_id", "quantity",
            "client_order_id", "placed_by");
    private static final String KEY_ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-";
    private static final List<String> BAD_IDS = List.of("null", "1", "true", "[]", "{}", "\"\"", "\"a b\"", "\"a.b\"",
            "\"é\"", "\"\\u00e9\"", "\"a\\nb\"", "\"" + "x".repeat(65) + "\"", "\"a/b\"", "[\"a\"]");
    private static final List<String> BAD_QUANTITIES = List.of("0", "-1", "11", "1.0", "1e0", "1E1", "10000000000",
            "\"1\"", "null", "true", "[1]", "1.5", "-0", "2.00000000000000000001", "99999999999999999999999");

    private final MessageValidator validator = new MessageValidator(MAX_QUANTITY);
    private final OrderFastPath fast = new OrderFastPath(MAX_QUANTITY);
    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void acceptsEveryPlainlyValidOrderAsTheSchemaReadsIt() {
        for (int i = 0; i < 5_000; i++) {
            String body = validOrder();
            OrderRequest read = fast.read(bytes(body));
            assertThat(read).as(body).isNotNull();
            assertThat(validator.orderBySchema(bytes(body))).as(body).isEqualTo(new Validated.Valid<>(read));
        }
    }

    @Test
    void neverAcceptsWhatTheSchemaRefuses() {
        List<String> inputs = new ArrayList<>(brokenOrders());
        for (int i = 0; i < 10_000; i++) {
            inputs.add(editBytes(validOrder()));
        }
        int refusedBySchema = 0;
        for (String body : inputs) {
            refusedBySchema += agreesWithSchema(bytes(body)) ? 0 : 1;
        }
        // The generator must really make invalid input, or this test proves nothing.
        assertThat(refusedBySchema).isGreaterThan(inputs.size() / 3);
    }

    @Test
    void bytesThatAreNotUtf8GoToTheSchemaPath() {
        byte[] overlong = "{\"user_id\":\"u1\",\"item_id\":\"sku-1\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8);
        overlong[13] = (byte) 0xC1;
        assertThat(fast.read(overlong)).isNull();
        assertThat(fast.read(new byte[0])).isNull();
        assertThat(fast.read(null)).isNull();
        byte[] bom = ("\uFEFF{\"user_id\":\"u1\",\"item_id\":\"sku-1\",\"quantity\":1}").getBytes(StandardCharsets.UTF_8);
        assertThat(fast.read(bom)).isNull();
        String valid = "{\"user_id\":\"u1\",\"item_id\":\"sku-1\",\"quantity\":1}";
        // No byte above 0x7F, but zero bytes: Jackson would guess the encoding and read them.
        assertThat(fast.read(valid.getBytes(java.nio.charset.Charset.forName("UTF-32BE")))).isNull();
        assertThat(fast.read(valid.getBytes(StandardCharsets.UTF_16BE))).isNull();
    }

    @Test
    void theValidatorsAnswerIsTheSchemasForEveryInput() {
        for (String body : brokenOrders()) {
            assertThat(validator.order(bytes(body))).as(body).isEqualTo(validator.orderBySchema(bytes(body)));
        }
    }

    /** True when the schema refuses it or reads it to what the fast path read; fails the test otherwise. */
    private boolean agreesWithSchema(byte[] body) {
        Validated<OrderRequest> bySchema = validator.orderBySchema(body);
        OrderRequest read = fast.read(body);
        String text = new String(body, StandardCharsets.ISO_8859_1);
        if (read != null) {
            assertThat(bySchema).as(text).isEqualTo(new Validated.Valid<>(read));
        }
        return bySchema instanceof Validated.Valid;
    }

    private String validOrder() {
        List<String> fields = new ArrayList<>(List.of(field("user_id", quoted(id())), field("item_id", quoted(id())),
                field("quantity", Integer.toString(1 + random.nextInt(MAX_QUANTITY)))));
        if (random.nextBoolean()) {
            fields.add(field("order_id", quoted(id())));
        }
        if (random.nextBoolean()) {
            fields.add(field("client_order_id", quoted(id())));
        }
        if (random.nextBoolean()) {
            fields.add(field("placed_by", quoted(keyId())));
        }
        Collections.shuffle(fields, new java.util.Random(random.nextLong()));
        return space() + "{" + space() + String.join("," + space(), fields) + space() + "}" + space();
    }

    private List<String> brokenOrders() {
        List<String> broken = new ArrayList<>();
        for (String field : FIELDS) {
            List<String> values = new ArrayList<>(field.equals("quantity") ? BAD_QUANTITIES : BAD_IDS);
            if (field.equals("placed_by")) {
                // Ids, but not key ids.
                values.addAll(List.of("\"Shop\"", "\"-shop\"", "\"shop_1\"", "\"" + "k".repeat(33) + "\""));
            }
            for (String value : values) {
                broken.add(withField(field, value));
            }
            broken.add(without(field));
            broken.add(withField(field, field.equals("quantity") ? "1" : "\"a\"") + "");
        }
        broken.add("{\"user_id\":\"u1\",\"user_id\":\"u1\",\"item_id\":\"i\",\"quantity\":1}");
        broken.add("{\"user_id\":\"u1\",\"user_id\":\"u2\",\"item_id\":\"i\",\"quantity\":1}");
        broken.add("{\"user_id\":\"u1\",\"item_id\":\"i\",\"quantity\":1,\"quantity\":1}");
        broken.add("{\"user_id\":\"u1\",\"item_id\":\"i\",\"quantity\":1,\"extra\":1}");
        broken.add("{\"user_id\":\"u1\",\"item_id\":\"i\",\"quantity\":1}x");
        broken.add("{\"user_id\":\"u1\",\"item_id\":\"i\",\"quantity\":1}{}");
        broken.add("{\"user_id\":\"u1\",\"item_id\":\"i\",\"quantity\":1}}");
        broken.add("[{\"user_id\":\"u1\",\"item_id\":\"i\",\"quantity\":1}]");
        broken.add("{\"user_id\":\"u1\",\"item_id\":\"i\",\"quantity\":1");
        broken.add("{'user_id':'u1','item_id':'i','quantity':1}");
        broken.add("{/*c*/\"user_id\":\"u1\",\"item_id\":\"i\",\"quantity\":1}");
        broken.add("{\"user_id\":\"u\\u0031\",\"item_id\":\"i\\u002d1\",\"quantity\":1}");
        broken.add("{\"user_id\":\"u1\",\"item_id\":\"i\",\"quantity\":1,}");
        broken.add("");
        broken.add("   ");
        broken.add("null");
        broken.add("1");
        broken.add("{}");
        return broken;
    }

    private String withField(String name, String value) {
        List<String> fields = new ArrayList<>();
        for (String field : FIELDS) {
            fields.add(field.equals(name) ? field(field, value) : field(field, field.equals("quantity") ? "1" : "\"a-1\""));
        }
        return "{" + String.join(",", fields) + "}";
    }

    private String without(String name) {
        List<String> fields = new ArrayList<>();
        for (String field : FIELDS) {
            if (!field.equals(name)) {
                fields.add(field(field, field.equals("quantity") ? "2" : "\"b_2\""));
            }
        }
        return "{" + String.join(",", fields) + "}";
    }

    /** One random edit: a character changed, inserted or removed. */
    private String editBytes(String body) {
        StringBuilder edited = new StringBuilder(body);
        int at = random.nextInt(body.length());
        String alphabet = "{}[]\":,.-_ 019eE+xnul\\";
        char c = random.nextInt(20) == 0 ? (char) (0x80 + random.nextInt(0x80)) : alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
            case 0 -> edited.setCharAt(at, c);
            case 1 -> edited.insert(at, c);
            default -> edited.deleteCharAt(at);
        }
        return edited.toString();
    }

    private static String field(String name, String value) {
        return "\"" + name + "\":" + value;
    }

    /** A placed_by value: a key id, [a-z0-9][a-z0-9-]{0,31}. */
    private String keyId() {
        int length = random.nextInt(10) == 0 ? 32 : 1 + random.nextInt(12);
        StringBuilder id = new StringBuilder().append((char) ('a' + random.nextInt(26)));
        for (int i = 1; i < length; i++) {
            id.append(KEY_ID_CHARS.charAt(random.nextInt(KEY_ID_CHARS.length())));
        }
        return id.toString();
    }

    private String id() {
        int length = random.nextInt(10) == 0 ? 64 : 1 + random.nextInt(12);
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < length; i++) {
            char c = ID_CHARS.charAt(random.nextInt(ID_CHARS.length()));
            // Now and then the same character as a JSON escape: the schema sees the decoded text.
            id.append(random.nextInt(30) == 0 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return id.toString();
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private String space() {
        return switch (random.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\n  ";
            case 2 -> "\t";
            default -> "";
        };
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

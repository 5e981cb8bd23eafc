package dev.surge.ingress;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Requests to {@code POST /v1/orders} that are malformed by construction, so every one of them must
 * be refused with a 4xx and none may reach the {@code orders} topic. Everything comes from one seeded
 * {@link Random}, drawn in a fixed order, so a seed names the same cases on every run.
 *
 * <p>Things that look broken but are valid are deliberately not generated: a UTF-8 byte order mark
 * in front of a valid order (RFC 8259 lets a parser ignore it, and Jackson does), an integral
 * quantity written as a float such as {@code 2.0} or {@code 1e1} (an integer to JSON Schema 2020-12),
 * whitespace around a header value (optional whitespace in HTTP), or {@code application/json} with a
 * parameter other than charset.
 *
 * <p>Things that are accepted today but are malformed are generated, and fail the test until fixed: a
 * valid order encoded in UTF-16 or UTF-32 (the ingress takes UTF-8 only, RFC 8259 8.1, and refuses
 * any other declared charset), overlong UTF-8 (not UTF-8 at all), and a quantity such as
 * {@code 2.00000000000000000001} (not an integer, though a double rounds it to one).
 */
final class MalformedRequests {

    static final String PATH = OrderIngressService.PATH;
    static final int MAX_BODY = (int) RunningIngress.MAX_BODY_BYTES;
    /** RunningIngress sets ORDER_MAX_QUANTITY to this. */
    static final int MAX_QUANTITY = 10;

    /** The categories and how many cases each gets; the total is above 5,000. */
    enum Category {
        BROKEN_JSON(650), WRONG_TYPES(500), HUGE_NUMBERS(400), INVALID_IDS(600), DEEP_NESTING(300),
        MISSING_FIELDS(300), UNKNOWN_FIELDS(400), NON_OBJECT(300), OVERSIZED(40), CONTENT_TYPE(400),
        WRONG_METHOD(400), IDEMPOTENCY_KEY(400), CORRELATION_ID(400), BROKEN_HTTP(450),
        INVENTED_METHOD(400), COMPRESSED_BODY(300), HOSTILE_HEADERS(300);

        final int cases;

        Category(int cases) {
            this.cases = cases;
        }
    }

    sealed interface Case permits Http, Raw {
        Category category();

        /** What is wrong with it, e.g. "quantity as float"; cases are grouped by this in reports. */
        String kind();

        /** The status the ingress should answer, or 0 when any 4xx will do. */
        int expected();

        String preview();
    }

    /** Sent with java.net.http.HttpClient: well-formed HTTP carrying a bad body or bad header values. */
    record Http(Category category, String kind, int expected, String method, String path, List<String> headers,
                Supplier<byte[]> body, boolean chunked, String preview) implements Case {

        /** The first value of a header, or null: headers come in name, value pairs. */
        String header(String name) {
            for (int i = 0; i < headers.size(); i += 2) {
                if (headers.get(i).equalsIgnoreCase(name)) {
                    return headers.get(i + 1);
                }
            }
            return null;
        }
    }

    /**
     * Bytes written to a socket, for what HttpClient will not send.
     *
     * @param framingBroken the HTTP framing itself is broken, so closing the connection is as good an answer as a 4xx
     */
    record Raw(Category category, String kind, int expected, byte[] bytes, boolean framingBroken, String preview)
            implements Case {
    }

    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    private static final String[] REQUIRED = {"user_id", "item_id", "quantity"};
    private static final String[] ID_FIELDS = {"user_id", "item_id", "client_order_id"};
    /** Not whitespace and not an id character: inserted anywhere in a valid order, they always break it. */
    private static final byte[] STRAY = bytes("#@\\`~!$%^&*()<>?/;=+|'\"{}[],:", 0x00, 0x01, 0x1f, 0x7f, 0x80, 0xbf,
            0xc0, 0xc3, 0xe2, 0xf0, 0xfe, 0xff);
    private static final String[] BAD_NUMBER_LITERALS = {"NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "+1",
        "01", "00", "007", ".5", "1.", "-.5", "0x1", "0x0A", "1_0", "-", "--1", "1e", "1e+", "1.e1", "+0", "\u221e",
        "1 2", "1..0", "1e1e1", "0b1", "١"};
    private static final String[] BAD_ESCAPES = {"\\x41", "\\u12", "\\u12G4", "\\U0041", "\\'", "\\a", "\\0", "\\ ",
        "\\u", "\\e", "\\v", "\\\u00e9"};
    private static final String[] LITERALS = {"undefined", "True", "False", "None", "nil", "TRUE", "NULL", "Null",
        "tru", "nul", "fals", "truee", "null0"};
    /** Not integers, but each rounds to one as a double. */
    private static final String[] PRECISION_FLOATS = {"1.0000000000000001", "2.00000000000000000001",
        "9.99999999999999999", "0.99999999999999999", "5.000000000000000000000000000001", "3.0000000000000000001e0",
        "10.0000000000000000001", "7.0000000000000001"};
    private static final String[] HUGE = {"1e400", "-1e400", "1E400", "1e-400", "-1e-400", "9223372036854775808",
        "18446744073709551616", "9223372036854775807", "-9223372036854775808", "-9223372036854775809", "2147483648",
        "-2147483649", "4294967296", "4294967297", "4294967298", "4294967306", "1e308", "1.7976931348623157e308",
        "1.8e308", "4.9e-324", "1e99999999999", "1e-99999999999", "1e2147483648", "1e-2147483649", "0", "-0", "0.0",
        "-0.0", "0e10", "0e-10", "-1", "-10", "11", "100", "1e2", "1000000", "2e1", "123456789.123456789"};
    private static final String[] UNICODE = {"\u00e9", "\u00fc", "\u00df", "\u0130", "\u0430", "\uff21", "\uff11",
        "\u0663", "\u0967", "\u00b2", "\u210c", "\ufb01", "\u212a", "\u00a0", "\u3000", "e\u0301",
        "\u0645\u0631\u062d\u0628\u0627", "\u05e9\u05dc\u05d5\u05dd", "\u6f22\u5b57", "\ud835\udc9c", "\ufeff", "\uffff",
        "\ufffe", "\u2028", "\u0085"};
    private static final String[] RTL_AND_INVISIBLE = {"\u202e", "\u202d", "\u200f", "\u200e", "\u200b", "\u2066",
        "\u061c", "\u00ad"};
    private static final String[] EMOJI = {"\ud83d\ude00", "\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67",
        "\ud83c\udff3\ufe0f\u200d\ud83c\udf08", "\u2764\ufe0f", "\ud83d\udc4d\ud83c\udffd"};
    private static final String[] LONE_SURROGATES = {"\\ud800", "\\udfff", "\\ude00\\ud83d", "\\ud83dx", "\\udbff\\udbff"};
    private static final String[] PUNCTUATION = {" ", ".", "/", "../", "%20", ";", "'", "<script>", "\\\"", "\\\\",
        ":", "@", "+", "*", "?", "#", "&", "=", ",", "|", "~", "!", "$", "(", ")", "[", "]", "{", "}", "\\/"};
    private static final String[] CONTROL_ESCAPES = {"\\u0000", "\\n", "\\t", "\\r", "\\u001f", "\\b", "\\f",
        "\\u0001", "\\u007f", "\\u0085"};
    private static final String[][] INVALID_UTF8 = {{"80"}, {"bf"}, {"c3"}, {"e2", "82"}, {"f0", "9f", "98"}, {"c0"},
        {"c1"}, {"f5"}, {"f8"}, {"fc"}, {"fe"}, {"ff"}, {"ed", "a0", "80"}, {"ed", "bf", "bf"}, {"f4", "90", "80", "80"},
        {"f8", "88", "80", "80", "80"}, {"fc", "84", "80", "80", "80", "80"}, {"80", "80"}, {"e2", "28", "a1"}};
    /** Overlong encodings; the first ones decode to characters an id may contain ('A', '0', '1', 'A'). */
    private static final String[][] OVERLONG_UTF8 = {{"c1", "81"}, {"c0", "b0"}, {"e0", "80", "b1"},
        {"f0", "80", "81", "81"}, {"c0", "af"}, {"c0", "80"}, {"e0", "80", "af"}};
    private static final String[] UNKNOWN_NAMES = {"coupon", "price", "discount", "Quantity", "USER_ID", "userId",
        "itemId", "orderId", "user_id ", " user_id", "user-id", "__proto__", "constructor", "", "\u0000", "\u00e9",
        "\ud83d\ude00", "$where", "a.b", "quantity\u0000", "status", "correlation_id", "idempotency_key", "admin",
        "is_admin", "qty", "QUANTITY", "order id", "\u202euser_id"};
    private static final String[] RENAMED = {"userId", "USER_ID", "user_id ", "user-id", "userid", "User_Id", "itemId",
        "ITEM_ID", "item", "sku", "qty", "Quantity", "quantity\u0000", "count", "", "user_id\u200b", "\uff55ser_id"};
    private static final String[] CONTENT_TYPES = {"text/plain", "text/plain; charset=utf-8", "text/json", "text/html",
        "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
        "application/json; charset=latin1", "application/json; charset=iso-8859-1", "application/json; charset=utf-16",
        "application/json; charset=UTF-32", "application/json; charset=", "application/json; charset=utf8",
        "application/json; charset=\"latin1\"", "application/json; charset=utf-8; charset=latin1",
        "application/json;charset=us-ascii", "application/jsonx", "application/json-seq", "application/problem+json",
        "application/vnd.api+json", "application/*", "*/*", "json", "application", "/", ";", "", "garbage", "!!!",
        "application/json, text/plain", "application/octet-stream", "image/png", "application/ json",
        "application /json", "application\\json", "application/javascript", "\"application/json\""};
    private static final String[] METHODS = {"GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND",
        "MKCOL", "COPY", "MOVE", "LOCK", "PURGE", "LINK", "QUERY", "SEARCH", "FOO", "X-POST", "POSTT", "POS"};
    private static final String[] CORRELATION_GARBAGE = {"has spaces", "semi;colon", "a/b", "a,b", "<script>", "a\"b",
        "a\\b", "%0d%0aX-Injected:1", "a=b", "a@b", "a\tb", "a*b", "()", "{}", "a+b", "a?b", "#", "a|b", "a~b", "a'b",
        "a[b]", "!", "$x", "a b c", "x%00"};

    private final Random r;
    private final HostileRequests hostile;

    private MalformedRequests(Random random) {
        this.r = random;
        this.hostile = new HostileRequests(random);
    }

    /** Every category's cases, in category order; the caller may run them in any order. */
    static List<Case> generate(long seed) {
        MalformedRequests generator = new MalformedRequests(new Random(seed));
        List<Case> cases = new ArrayList<>();
        for (Category category : Category.values()) {
            for (int i = 0; i < category.cases; i++) {
                cases.add(generator.next(category));
            }
        }
        return cases;
    }

    static String validOrder(String userId, String itemId, int quantity) {
        return object(Map.of("user_id", str(userId), "item_id", str(itemId), "quantity", Integer.toString(quantity)));
    }

    private Case next(Category category) {
        return switch (category) {
            case BROKEN_JSON -> brokenJson();
            case WRONG_TYPES -> wrongTypes();
            case HUGE_NUMBERS -> hugeNumbers();
            case INVALID_IDS -> invalidIds();
            case DEEP_NESTING -> deepNesting();
            case MISSING_FIELDS -> missingFields();
            case UNKNOWN_FIELDS -> unknownFields();
            case NON_OBJECT -> nonObject();
            case OVERSIZED -> oversized();
            case CONTENT_TYPE -> contentType();
            case WRONG_METHOD -> wrongMethod();
            case IDEMPOTENCY_KEY -> idempotencyKey();
            case CORRELATION_ID -> correlationId();
            case BROKEN_HTTP -> brokenHttp();
            case INVENTED_METHOD -> hostile.inventedMethod();
            case COMPRESSED_BODY -> hostile.compressedBody();
            case HOSTILE_HEADERS -> hostile.hostileHeaders();
        };
    }

    // ---------------------------------------------------------------- bodies

    private Case brokenJson() {
        Category c = Category.BROKEN_JSON;
        String doc = object(order());
        return switch (r.nextInt(15)) {
            case 0 -> json(c, "truncated", doc.substring(0, 1 + r.nextInt(doc.length() - 1)));
            case 1 -> json(c, "stray byte",
                    insert(utf8(doc), r.nextInt(doc.length() + 1), new byte[]{STRAY[r.nextInt(STRAY.length)]}));
            case 2 -> json(c, "unbalanced brackets", pick("{" + doc, doc + "}", doc.substring(0, doc.length() - 1),
                    "[" + doc, doc + "]", "[" + doc.substring(1), doc.substring(0, doc.length() - 1) + "]",
                    "{" + doc + "}", doc.replaceFirst(":", ":{"), doc.replaceFirst(":", ":["), "}" + doc,
                    "{".repeat(2 + r.nextInt(5)) + doc.substring(1), doc + "}".repeat(2 + r.nextInt(5))));
            case 3 -> json(c, "trailing garbage", doc + pick("", " ", "\n") + pick("x", "{}", "[]", "1", "null", ",",
                    "]", "}", "\"", doc, "//", "/* */", "garbage", "\u00e9", "\u0000", "\ufeff", ";"));
            case 4 -> {
                LinkedHashMap<String, String> fields = order();
                String name = pick(fields.keySet().toArray(String[]::new));
                String again = str(name) + ":" + (name.equals("quantity") ? quantity() : str(id()));
                String body = object(fields);
                yield json(c, "duplicate key", r.nextBoolean()
                        ? body.substring(0, body.length() - 1) + "," + again + "}"
                        : "{" + again + "," + body.substring(1));
            }
            case 5 -> json(c, "comment", insertAfterStructural(doc, pick("/* c */", "//c\n", "#c\n", "/**/", "<!-- c -->")));
            case 6 -> json(c, "NaN, Infinity and other non-JSON numbers", withField("quantity", pick(BAD_NUMBER_LITERALS)));
            case 7 -> json(c, "single quotes", r.nextBoolean() ? doc.replace('"', '\'') : replaceSome(doc, '"', '\''));
            case 8 -> json(c, "byte order mark", pick("\ufeff" + doc.substring(0, doc.length() - 1),
                    "\ufeff\ufeff" + doc, insertAfterStructural(doc, "\ufeff"), "\ufeff" + doc + "x", "\ufeff",
                    doc + "\ufeff"));
            case 9 -> json(c, "unquoted keys or values", r.nextBoolean()
                    ? doc.replaceAll("\"([a-z_]+)\":", r.nextBoolean() ? "$1:" : "\"$1\":")
                            .replaceFirst("\"([a-z_]+)\":", "$1:")
                    : withField(pick(REQUIRED[0], REQUIRED[1]), "u" + id()));
            case 10 -> json(c, "commas and colons", pick(doc.substring(0, doc.length() - 1) + ",}", "{," + doc.substring(1),
                    doc.replaceFirst(",", ",,"), removeOne(doc, ','), removeOne(doc, ':'), doc.replaceFirst(":", "="),
                    doc.replaceFirst(",", ";"), doc.replaceFirst(":", "::"), doc.replaceFirst(":", " : : ")));
            case 11 -> json(c, "invalid escape", withField(pick(ID_FIELDS), "\"" + id() + pick(BAD_ESCAPES) + "\""));
            case 12 -> json(c, "unescaped control character in a string",
                    withField(pick(ID_FIELDS), "\"" + id() + (char) r.nextInt(0x20) + id() + "\""));
            case 13 -> {
                // A valid order, but not in UTF-8, the only encoding the ingress takes (RFC 8259 8.1).
                String charset = pick("UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE");
                boolean bom = r.nextBoolean();
                byte[] body = ((bom ? "\ufeff" : "") + doc).getBytes(Charset.forName(charset));
                yield json(c, "valid order encoded in " + charset.substring(0, 6) + " (not UTF-8)", body);
            }
            default -> json(c, "non-JSON literal",
                    withField(r.nextBoolean() ? "quantity" : pick(ID_FIELDS), pick(LITERALS)));
        };
    }

    private Case wrongTypes() {
        Category c = Category.WRONG_TYPES;
        String q = quantity();
        if (r.nextInt(9) < 4) {
            return switch (r.nextInt(8)) {
                case 0 -> json(c, "quantity as string", withField("quantity",
                        pick("\"" + q + "\"", "\"two\"", "\"\"", "\" " + q + "\"", "\"" + q + ".0\"", "\"0x" + q + "\"")));
                case 1 -> json(c, "quantity as float", withField("quantity", fraction()));
                case 2 -> json(c, "quantity as float beyond double precision",
                        withField("quantity", pick(PRECISION_FLOATS)));
                case 3 -> json(c, "quantity as bool", withField("quantity", pick("true", "false")));
                case 4 -> json(c, "quantity as array",
                        withField("quantity", pick("[]", "[" + q + "]", "[" + q + "," + q + "]")));
                case 5 -> json(c, "quantity as object", withField("quantity", pick("{}", "{\"value\":" + q + "}")));
                case 6 -> json(c, "quantity as null", withField("quantity", "null"));
                default -> json(c, "quantity as string", withField("quantity", str(id())));
            };
        }
        String field = pick(ID_FIELDS);
        return switch (r.nextInt(6)) {
            case 0 -> json(c, "id as number", withField(field, pick(Integer.toString(r.nextInt(100_000)), "0", "-1",
                    "1.5", "1e3", Long.toString(r.nextLong()))));
            case 1 -> json(c, "id as bool", withField(field, pick("true", "false")));
            case 2 -> json(c, "id as null", withField(field, "null"));
            case 3 -> json(c, "id as array", withField(field, pick("[]", "[" + str(id()) + "]")));
            case 4 -> json(c, "id as object", withField(field, pick("{}", "{\"id\":" + str(id()) + "}")));
            default -> json(c, "id as nested object", withField(field, "{\"" + field + "\":{\"value\":" + str(id()) + "}}"));
        };
    }

    private Case hugeNumbers() {
        Category c = Category.HUGE_NUMBERS;
        String number = switch (r.nextInt(6)) {
            case 0, 1, 2 -> pick(HUGE);
            case 3 -> (r.nextBoolean() ? "" : "-") + digits(3 + r.nextInt(97));
            case 4 -> (r.nextBoolean() ? "" : "-") + digits(101 + r.nextInt(5000));
            default -> digits(1 + r.nextInt(30)) + "." + digits(1 + r.nextInt(30)) + "e" + (100 + r.nextInt(100_000));
        };
        if (r.nextInt(5) == 0) {
            return json(c, "huge number as id", withField(pick(ID_FIELDS), number));
        }
        String kind = number.length() > 100 ? "quantity over the number length limit"
                : number.replaceAll("[-.0]", "").isEmpty() ? "zero quantity"
                : number.toLowerCase(Locale.ROOT).contains("e") ? "quantity with a big exponent"
                : number.startsWith("-") ? "negative quantity"
                : "quantity too large";
        return json(c, kind, withField("quantity", number));
    }

    private Case invalidIds() {
        Category c = Category.INVALID_IDS;
        String field = pick(ID_FIELDS);
        return switch (r.nextInt(13)) {
            case 0 -> json(c, "id too long", withField(field, str(id(65 + r.nextInt(r.nextBoolean() ? 100 : 5000)))));
            case 1 -> {
                // Jackson refuses strings over 64 KiB before the schema sees them; a 1 MB one still fits the body limit.
                int length = pickInt(60_000, 70_000, 1_000_000);
                LinkedHashMap<String, String> fields = order();
                fields.put(field, "\"@@@\"");
                String template = object(fields);
                char fill = ID_CHARS.charAt(r.nextInt(ID_CHARS.length()));
                yield http(c, "id of " + length + " characters", 400, "POST", PATH, () -> utf8(template.replace("@@@",
                        String.valueOf(fill).repeat(length))), false, template.replace("@@@", fill + "×" + length),
                        "Content-Type", "application/json");
            }
            case 2 -> json(c, "empty id", withField(field, "\"\""));
            case 3 -> json(c, "control character in id", withField(field, "\"" + affix(pick(CONTROL_ESCAPES)) + "\""));
            case 4 -> json(c, "line break after or before a valid id", withField(field, pick("\"" + id() + "\\n\"",
                    "\"\\n" + id() + "\"", "\"" + id() + "\\r\\n\"", "\"" + id() + "\\u2028\"", "\"" + id() + "\\u0085\"")));
            case 5 -> json(c, "punctuation in id", withField(field, "\"" + affix(pick(PUNCTUATION)) + "\""));
            case 6 -> {
                String unicode = pick(UNICODE);
                yield json(c, "unicode in id",
                        withField(field, r.nextBoolean() ? "\"" + affix(unicode) + "\"" : str(affix(unicode))));
            }
            case 7 -> json(c, "RTL and invisible characters in id",
                    withField(field, "\"" + affix(pick(RTL_AND_INVISIBLE)) + "\""));
            case 8 -> json(c, "emoji in id",
                    withField(field, "\"" + affix(r.nextBoolean() ? pick(EMOJI) : escaped(pick(EMOJI))) + "\""));
            case 9 -> json(c, "lone surrogate in id", withField(field, "\"" + affix(pick(LONE_SURROGATES)) + "\""));
            case 10 -> json(c, "NUL in id", withField(field, "\"" + affix("\\u0000") + "\""));
            case 11 -> json(c, "invalid UTF-8 in id", replace(utf8(withField(field, "\"" + affix("@@@") + "\"")), "@@@",
                    hex(INVALID_UTF8[r.nextInt(INVALID_UTF8.length)])));
            default -> json(c, "overlong UTF-8 in id", replace(utf8(withField(field, "\"" + affix("@@@") + "\"")), "@@@",
                    hex(OVERLONG_UTF8[r.nextInt(OVERLONG_UTF8.length)])));
        };
    }

    private Case deepNesting() {
        Category c = Category.DEEP_NESTING;
        // The strict mapper stops at depth 32 (Json.MAX_NESTING_DEPTH); 10,000 '[' is the classic.
        int depth = r.nextInt(3) == 0 ? pickInt(33, 34, 64, 100, 1000, 10_000, 10_000, 50_000) : 33 + r.nextInt(3000);
        return switch (r.nextInt(7)) {
            case 0 -> json(c, "'[' repeated", "[".repeat(depth));
            case 1 -> json(c, "balanced arrays too deep", "[".repeat(depth) + "]".repeat(depth));
            case 2 -> json(c, "objects too deep", "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
            case 3 -> json(c, "quantity nested too deep",
                    withField("quantity", "[".repeat(depth) + quantity() + "]".repeat(depth)));
            case 4 -> json(c, "extra field nested too deep",
                    withField("x", "{\"y\":".repeat(depth) + "null" + "}".repeat(depth)));
            case 5 -> json(c, "arrays and objects mixed too deep",
                    "[{\"a\":".repeat(depth / 2 + 1) + "1" + "}]".repeat(depth / 2 + 1));
            default -> {
                // Under the limit, so the schema refuses it rather than the parser.
                int shallow = 1 + r.nextInt(30);
                yield json(c, "nested within the limit", r.nextBoolean()
                        ? withField("quantity", "[".repeat(shallow) + quantity() + "]".repeat(shallow))
                        : withField("x", "[".repeat(shallow) + "]".repeat(shallow)));
            }
        };
    }

    private Case missingFields() {
        Category c = Category.MISSING_FIELDS;
        LinkedHashMap<String, String> fields = order();
        switch (r.nextInt(4)) {
            case 0, 1 -> {
                List<String> gone = new ArrayList<>();
                for (String name : REQUIRED) {
                    if (r.nextBoolean()) {
                        gone.add(name);
                    }
                }
                if (gone.isEmpty()) {
                    gone.add(pick(REQUIRED));
                }
                gone.forEach(fields::remove);
                return json(c, "without " + String.join(" and ", gone), object(fields));
            }
            case 2 -> {
                return json(c, "empty object or only order_id", pick("{}", "{ }", "{\"order_id\":" + str(id()) + "}"));
            }
            default -> {
                String from = pick(REQUIRED);
                LinkedHashMap<String, String> renamed = new LinkedHashMap<>();
                String to = pick(RENAMED);
                fields.forEach((name, value) -> renamed.put(name.equals(from) ? to : name, value));
                return json(c, "required field misnamed", object(renamed));
            }
        }
    }

    private Case unknownFields() {
        LinkedHashMap<String, String> fields = order();
        int extra = 1 + r.nextInt(3);
        for (int i = 0; i < extra; i++) {
            String name = r.nextInt(3) == 0 ? id(1 + r.nextInt(40)).toLowerCase(Locale.ROOT) : pick(UNKNOWN_NAMES);
            if (List.of("user_id", "item_id", "quantity", "order_id", "client_order_id", "placed_by").contains(name)) {
                name = name + "_";
            }
            fields.put(name, pick(str(id()), quantity(), "null", "true", "{}", "[]", "{\"a\":[1,{\"b\":null}]}", "-1.5e3"));
        }
        return json(Category.UNKNOWN_FIELDS, extra + " unknown field" + (extra > 1 ? "s" : ""), object(fields));
    }

    private Case nonObject() {
        Category c = Category.NON_OBJECT;
        String doc = object(order());
        return switch (r.nextInt(6)) {
            case 0 -> json(c, "array", pick("[" + doc + "]", "[]", "[" + doc + "," + doc + "]", "[{}]", "[null]"));
            case 1 -> json(c, "string", pick("\"\"", str(id()), str(doc)));
            case 2 -> json(c, "number", pick(quantity(), "-1", "1.5", "0", "1e400", digits(40)));
            case 3 -> json(c, "true, false or null", pick("true", "false", "null"));
            case 4 -> json(c, "empty body", "");
            default -> json(c, "only whitespace", pick(" ", "\n", "\t", "\r\n", " \t\r\n ".repeat(1 + r.nextInt(100))));
        };
    }

    // ---------------------------------------------------------------- size

    private Case oversized() {
        Category c = Category.OVERSIZED;
        String doc = object(order());
        int over = MAX_BODY + pickInt(1, 2, 100, 4096, MAX_BODY / 2, MAX_BODY);
        boolean chunked = r.nextBoolean();
        String framing = chunked ? " (chunked, no Content-Length)" : " (Content-Length)";
        long seed = r.nextLong();
        return switch (r.nextInt(6)) {
            // Valid JSON but for its size: accepted, it would be an order.
            case 0, 1 -> http(c, "valid order padded past the limit" + framing, 413, "POST", PATH,
                    () -> pad(doc, over, ""), chunked, doc + " + " + (over - doc.length()) + " spaces" + framing,
                    "Content-Type", "application/json");
            case 2 -> http(c, "garbage past the limit" + framing, 413, "POST", PATH, () -> {
                byte[] junk = new byte[over];
                new Random(seed).nextBytes(junk);
                return junk;
            }, chunked, over + " random bytes" + framing, "Content-Type", "application/json");
            case 3 -> http(c, "huge unknown field past the limit" + framing, 413, "POST", PATH,
                    () -> utf8(doc.substring(0, doc.length() - 1) + ",\"pad\":\"" + "x".repeat(over) + "\"}"), chunked,
                    doc + " with a " + over + "-character field" + framing, "Content-Type", "application/json");
            // At the limit exactly the body is read, and refused for what it says.
            case 4 -> http(c, "broken JSON of exactly the limit" + framing, 400, "POST", PATH,
                    () -> pad(doc, MAX_BODY, "x"), chunked, doc + " + spaces + 'x' = " + MAX_BODY + " bytes" + framing,
                    "Content-Type", "application/json");
            default -> {
                // Declared but never sent: refused on the declaration, before the body is waited for.
                long declared = pickLong(MAX_BODY + 1L, 2_000_000L, (long) Integer.MAX_VALUE + 1, Long.MAX_VALUE);
                byte[] request = post(utf8(doc), "Content-Length: " + declared);
                yield raw(c, "Content-Length over the limit, body not sent", 413, request, false);
            }
        };
    }

    // ---------------------------------------------------------------- headers and methods

    private Case contentType() {
        Category c = Category.CONTENT_TYPE;
        byte[] body = utf8(object(order()));
        switch (r.nextInt(6)) {
            case 0 -> {
                return http(c, "no Content-Type", 415, "POST", PATH, () -> body, r.nextBoolean(), null);
            }
            case 1 -> {
                String type;
                do {
                    type = printable(1 + r.nextInt(60)).strip();
                } while (type.isEmpty() || type.split(";")[0].strip().equalsIgnoreCase("application/json"));
                return http(c, "random Content-Type", 415, "POST", PATH, () -> body, false, null, "Content-Type", type);
            }
            default -> {
                String type = pick(CONTENT_TYPES);
                return http(c, "Content-Type " + type, 415, "POST", PATH, () -> body, r.nextInt(4) == 0, null,
                        "Content-Type", type);
            }
        }
    }

    private Case wrongMethod() {
        String method = r.nextInt(3) == 0 ? "GET" : pick(METHODS);
        boolean withBody = !method.equals("HEAD") && r.nextBoolean();
        byte[] body = withBody ? utf8(object(order())) : new byte[0];
        String path = pick(PATH, PATH, PATH + "?order_id=" + id());
        return withBody
                ? http(Category.WRONG_METHOD, method + " with a valid order", 405, method, path, () -> body, false, null,
                        "Content-Type", "application/json")
                : http(Category.WRONG_METHOD, method + " without a body", 405, method, path, () -> body, false, null);
    }

    private Case idempotencyKey() {
        Category c = Category.IDEMPOTENCY_KEY;
        String key = "Idempotency-Key";
        byte[] order = utf8(object(order()));
        return switch (r.nextInt(7)) {
            case 0 -> valid(c, "key over 255 characters", key,
                    printableNoEdgeSpace(256 + r.nextInt(r.nextBoolean() ? 10 : 4000)));
            case 1 -> valid(c, "empty or blank key", key, pick("", " ", "   ", "\t", " \t "));
            case 2 -> valid(c, "tab in key", key, id() + "\t" + id());
            // HttpClient refuses these values: raw bytes. The request is otherwise a valid order.
            case 3 -> raw(c, "control character in key", 0, post(order, key + ": " + affix(String.valueOf((char) pickInt(
                    0x01, 0x02, 0x07, 0x08, 0x0b, 0x0c, 0x1b, 0x1f, 0x7f, 0x00)))), false);
            case 4 -> raw(c, "non-ASCII bytes in key", 0, post(order, key + ": "
                    + affix(latin1View(pick("\u00e9", "\ud83d\ude00", "\u202e", "\u00a0", "\u6f22")))), false);
            case 5 -> raw(c, "Latin-1 byte in key", 0,
                    post(order, key + ": " + affix(String.valueOf((char) (0x80 + r.nextInt(0x80))))), false);
            default -> raw(c, "key over 255 characters, raw", 0,
                    post(order, key + ": " + printableNoEdgeSpace(256 + r.nextInt(2000))), false);
        };
    }

    /** A garbage correlation id on a request that is refused for its body; the id must be replaced, not echoed. */
    private Case correlationId() {
        Category c = Category.CORRELATION_ID;
        String body = malformedBody();
        if (r.nextInt(4) == 0) {
            String garbage = latin1View(pick("\u00e9", "\ud83d\ude00", "\u202e")) + id();
            if (r.nextBoolean()) {
                garbage = id() + (char) pickInt(0x01, 0x07, 0x1b, 0x7f, 0x00) + id();
            }
            return raw(c, "control or non-ASCII bytes in X-Correlation-ID", 0,
                    post(utf8(body), "X-Correlation-ID: " + garbage), false);
        }
        String id = switch (r.nextInt(4)) {
            case 0 -> id(129 + r.nextInt(400));
            case 1 -> pick("", " ", "  ");
            case 2 -> {
                String token;
                do {
                    token = printableNoEdgeSpace(1 + r.nextInt(100));
                } while (token.matches("[A-Za-z0-9._:-]{1,128}"));
                yield token;
            }
            default -> pick(CORRELATION_GARBAGE);
        };
        return http(c, "garbage X-Correlation-ID", 400, "POST", PATH, () -> utf8(body), false, null,
                "Content-Type", "application/json", "X-Correlation-ID", id);
    }

    private String malformedBody() {
        LinkedHashMap<String, String> fields = order();
        return switch (r.nextInt(3)) {
            case 0 -> {
                fields.remove(pick(REQUIRED));
                yield object(fields);
            }
            case 1 -> {
                String doc = object(fields);
                yield doc.substring(0, 1 + r.nextInt(doc.length() - 1));
            }
            default -> {
                fields.put("quantity", pick("0", "11", "\"1\"", "null"));
                yield object(fields);
            }
        };
    }

    // ---------------------------------------------------------------- broken HTTP, on a socket

    private Case brokenHttp() {
        Category c = Category.BROKEN_HTTP;
        String doc = object(order());
        byte[] valid = utf8(doc);
        // Where Helidon is lenient about the defect, the body is broken too, so that the case is malformed anyway.
        byte[] broken = utf8(doc.substring(0, 1 + r.nextInt(doc.length() - 1)));
        String line = "POST " + PATH + " HTTP/1.1";
        String length = "Content-Length: " + valid.length;
        // Well-formed framing with one bad header: the server must answer, with a 4xx.
        return switch (r.nextInt(26)) {
            case 0 -> raw(c, "control character in a header value", 0, post(valid, pick("X-Note", "User-Agent", "Accept",
                    "X-Correlation-ID", "Idempotency-Key") + ": " + affix(String.valueOf((char) pickInt(0x00, 0x01, 0x08,
                    0x0b, 0x0c, 0x1b, 0x1f)))), false);
            case 1 -> raw(c, "bare CR in a header value", 0, post(valid, "X-Note: " + id() + "\r" + id()), false);
            case 2 -> raw(c, "invalid header name", 0, post(valid, pick("Bad Header", "Bad\tHeader", "(x)", "X@Y",
                    "X\u0000Y", "X\u00e9Y", "{}", "a/b", "a=b", "X\"Y", "X,Y", "[x]", "X\u0001Y", "X;Y") + ": " + id()), false);
            case 3 -> raw(c, "empty header name", 0, post(broken, ": " + id()), false);
            case 4 -> raw(c, "header line without a colon", 0,
                    post(valid, pick("NoColon", "X-Note " + id(), "\u0001")), false);
            case 5 -> raw(c, "whitespace before the colon", 0, request(line, List.of("Host: localhost",
                    pick("Content-Type :", "Content-Type\t:") + " application/json", length), valid), false);
            case 6 -> raw(c, "obs-fold continuation line", 0, post(valid, "X-Note: " + id(), pick(" ", "\t") + id()), false);
            // Broken framing: there may be no request to answer, so closing the connection will do too.
            case 7 -> raw(c, "bare LF line endings", 0, replace(post(valid), "\r\n", bytes("\n")), true);
            case 8 -> raw(c, "Content-Length larger than the body, then EOF", 0,
                    exact(line, valid, "Content-Length: " + (valid.length + 1 + r.nextInt(500))), true);
            case 9 -> raw(c, "Content-Length smaller than the body", 0,
                    exact(line, valid, "Content-Length: " + r.nextInt(valid.length)), true);
            case 10 -> raw(c, "invalid Content-Length", 0, exact(line, valid, "Content-Length: " + pick("-1", "abc",
                    "99999999999999999999999", "0x30", valid.length + " " + valid.length, "4 8", "1.5", "",
                    latin1View("\uff11"), "-0" + valid.length, valid.length + "x")), true);
            case 11 -> raw(c, "two different Content-Length headers", 0,
                    exact(line, valid, length, "Content-Length: " + r.nextInt(valid.length)), true);
            case 12 -> raw(c, "Content-Length and Transfer-Encoding", 0,
                    exact(line, valid, length, "Transfer-Encoding: chunked"), true);
            case 13 -> raw(c, "unsupported Transfer-Encoding", 0, exact(line, valid, "Transfer-Encoding: "
                    + pick("gzip", "compress", "deflate", "x-garbage", "xchunked", "chunked, gzip")), true);
            case 14 -> raw(c, "bad chunk size", 0, chunked(pick("zz", "-1", "0x10", "FFFFFFFFFFFFFFFFFF", "1 0", "", "g",
                    "7fffffffffffffff", "+10"), valid, "\r\n0\r\n\r\n"), true);
            case 15 -> raw(c, "chunked body cut by EOF", 0,
                    chunked(Integer.toHexString(valid.length), valid, pick("", "\r\n")), true);
            case 16 -> raw(c, "chunk larger than its data, then EOF", 0,
                    chunked(Integer.toHexString(valid.length + 1 + r.nextInt(100)), valid, ""), true);
            case 17 -> raw(c, "chunk smaller than its data", 0,
                    chunked(Integer.toHexString(r.nextInt(valid.length)), valid, "\r\n0\r\n\r\n"), true);
            case 18 -> raw(c, "missing, repeated or invalid Host", 0, request(line, pick(
                    List.of("Content-Type: application/json", length),
                    List.of("Host: localhost", "Host: other", "Content-Type: application/json", length),
                    List.of("Host: " + pick("a b", "::::", "[", "\u00ff", "a@b@c", "\u0001"), "Content-Type: application/json",
                            length)), valid), true);
            case 19 -> raw(c, "malformed request line", 0, exact(pick("POST " + PATH, "POST  " + PATH + " HTTP/1.1",
                    line + " x", "POST " + PATH + " HTTP/9.9", "POST " + PATH + " http/1.1", "POST " + PATH + " HTTP/1",
                    "POST " + PATH + " HTTP/1.1.1", "POST\t" + PATH + "\tHTTP/1.1", "POST HTTP/1.1", " " + PATH + " HTTP/1.1",
                    "POST " + PATH + "\u0001 HTTP/1.1", "POST " + PATH + "\u0000 HTTP/1.1", "PO\u0000ST " + PATH + " HTTP/1.1",
                    "\u000cPOST " + PATH + " HTTP/1.1", "P\u0001ST " + PATH + " HTTP/1.1", "P(ST " + PATH + " HTTP/1.1",
                    "POST v1/orders HTTP/1.1", "POST " + PATH + "\u00ff HTTP/1.1", "POST " + PATH + "?x=%zz HTTP/1.1",
                    "POST * HTTP/1.1", line + "\u0000", "POST /v1/%zz HTTP/1.1", "POST " + PATH + " HTTP/2.0"),
                    valid, length), true);
            // Helidon takes a lowercase method as POST, so the body is broken too.
            case 20 -> raw(c, "lowercase method", 0, exact(pick("post", "Post", "pOST") + " " + PATH + " HTTP/1.1", broken,
                    "Content-Length: " + broken.length), true);
            case 21 -> {
                byte[] junk = new byte[1 + r.nextInt(300)];
                r.nextBytes(junk);
                yield raw(c, "random bytes", 0, r.nextBoolean() ? concat(junk, bytes("\r\n\r\n")) : junk, true);
            }
            case 22 -> raw(c, "another protocol", 0, pick(hex("16", "03", "01", "00", "a5", "01", "00", "00", "a1", "03", "03"),
                    bytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), bytes("SSH-2.0-OpenSSH_9.6\r\n"), bytes("EHLO x\r\n"),
                    bytes("*1\r\n$4\r\nPING\r\n"), bytes("\r\n\r\n"), bytes("GARBAGE\r\n\r\n")), true);
            case 23 -> {
                byte[] full = post(valid);
                int headerEnd = indexOf(full, bytes("\r\n\r\n"));
                yield raw(c, "header block cut short by EOF", 0, Arrays.copyOf(full, 1 + r.nextInt(headerEnd + 1)), true);
            }
            case 24 -> raw(c, "header or URI too large", 0, r.nextBoolean()
                    ? post(valid, "X-Big: " + "a".repeat(17_000 + r.nextInt(50_000)))
                    : exact("POST " + PATH + "?" + "a".repeat(9_000 + r.nextInt(30_000)) + " HTTP/1.1", valid, length), true);
            default -> {
                String[] many = new String[2000 + r.nextInt(3000)];
                Arrays.setAll(many, i -> "X-H" + i + ": v");
                yield raw(c, "too many headers", 0, post(valid, many), true);
            }
        };
    }

    // ---------------------------------------------------------------- building blocks

    private Http json(Category c, String kind, String body) {
        return json(c, kind, utf8(body));
    }

    private Http json(Category c, String kind, byte[] body) {
        return http(c, kind, 400, "POST", PATH, () -> body, false, null, "Content-Type", "application/json");
    }

    /** A valid order with one bad header. */
    private Http valid(Category c, String kind, String name, String value) {
        byte[] body = utf8(object(order()));
        return http(c, kind, 400, "POST", PATH, () -> body, false, null, "Content-Type", "application/json", name, value);
    }

    /** @param preview null to preview the body */
    static Http http(Category c, String kind, int expected, String method, String path, Supplier<byte[]> body,
                             boolean chunked, String preview, String... headers) {
        StringBuilder shown = new StringBuilder(method).append(' ');
        if (!path.equals(PATH)) {
            shown.append(path).append(' ');
        }
        for (int i = 0; i < headers.length; i += 2) {
            if (!(headers[i].equals("Content-Type") && headers[i + 1].equals("application/json"))) {
                shown.append('[').append(headers[i]).append(": ").append(preview(bytes(headers[i + 1]), 60)).append("] ");
            }
        }
        shown.append(chunked ? "(chunked) " : "");
        shown.append(preview != null ? preview : preview(body.get(), 100));
        return new Http(c, kind, expected, method, path, List.of(headers), body, chunked, shown.toString());
    }

    static Raw raw(Category c, String kind, int expected, byte[] bytes, boolean framingBroken) {
        return new Raw(c, kind, expected, bytes, framingBroken, preview(bytes, 140));
    }

    /** A POST with Host, a JSON Content-Type, the {@code extra} headers and (unless among them) Content-Length. */
    private static byte[] post(byte[] body, String... extra) {
        boolean hasLength = Arrays.stream(extra).anyMatch(h -> h.regionMatches(true, 0, "Content-Length:", 0, 15));
        return hasLength ? exact("POST " + PATH + " HTTP/1.1", body, extra)
                : exact("POST " + PATH + " HTTP/1.1", body, concat(extra, "Content-Length: " + body.length));
    }

    /** A request with Host, a JSON Content-Type and exactly the {@code headers} given. */
    private static byte[] exact(String requestLine, byte[] body, String... headers) {
        List<String> all = new ArrayList<>(List.of("Host: localhost", "Content-Type: application/json"));
        all.addAll(List.of(headers));
        return request(requestLine, all, body);
    }

    private static String[] concat(String[] a, String b) {
        String[] all = Arrays.copyOf(a, a.length + 1);
        all[a.length] = b;
        return all;
    }

    private static byte[] chunked(String size, byte[] data, String end) {
        byte[] head = exact("POST " + PATH + " HTTP/1.1", bytes(size + "\r\n"), "Transfer-Encoding: chunked");
        return concat(concat(head, data), bytes(end));
    }

    /** Header text is written byte for byte (ISO-8859-1): see {@link #latin1View} for other bytes. */
    static byte[] request(String requestLine, List<String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(requestLine).append("\r\n");
        headers.forEach(h -> head.append(h).append("\r\n"));
        return concat(bytes(head.append("\r\n").toString()), body);
    }

    /** A valid order as name → JSON text, in random order; client_order_id half of the time. */
    private LinkedHashMap<String, String> order() {
        List<String> names = new ArrayList<>(List.of(REQUIRED));
        if (r.nextBoolean()) {
            names.add("client_order_id");
        }
        Collections.shuffle(names, r);
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        names.forEach(name -> fields.put(name, name.equals("quantity") ? quantity() : str(id())));
        return fields;
    }

    /** A valid order with one field replaced (in place) or added. */
    private String withField(String name, String json) {
        LinkedHashMap<String, String> fields = order();
        fields.put(name, json);
        return object(fields);
    }

    static String object(Map<String, String> fields) {
        StringJoiner joiner = new StringJoiner(",", "{", "}");
        fields.forEach((name, value) -> joiner.add(str(name) + ":" + value));
        return joiner.toString();
    }

    /** A JSON string; control characters and surrogates escaped, anything else as is (UTF-8 on the wire). */
    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(ch < 0x20 || Character.isSurrogate(ch) ? String.format("\\u%04x", (int) ch) : ch);
            }
        }
        return b.append('"').toString();
    }

    private static String escaped(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(ch -> b.append(String.format("\\u%04x", ch)));
        return b.toString();
    }

    private String id() {
        return id(r.nextInt(8) == 0 ? 1 + r.nextInt(64) : 1 + r.nextInt(12));
    }

    private String id(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ID_CHARS.charAt(r.nextInt(ID_CHARS.length())));
        }
        return s.toString();
    }

    /** Something placed before, after or inside a valid id, or alone. */
    private String affix(String bad) {
        return switch (r.nextInt(4)) {
            case 0 -> bad;
            case 1 -> id() + bad;
            case 2 -> bad + id();
            default -> id() + bad + id();
        };
    }

    private String quantity() {
        return Integer.toString(1 + r.nextInt(MAX_QUANTITY));
    }

    /** A number with a fraction no double rounds away. */
    private String fraction() {
        return switch (r.nextInt(4)) {
            case 0 -> r.nextInt(MAX_QUANTITY + 1) + "." + (1 + r.nextInt(9)) + digits(r.nextInt(4));
            case 1 -> (1 + r.nextInt(9)) + "5e-1";
            case 2 -> "-" + r.nextInt(MAX_QUANTITY) + ".5";
            default -> pick("1.5E0", "0.001", "1e-6", "9.75", "2.5e0");
        };
    }

    private String digits(int count) {
        StringBuilder s = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            s.append((char) ((i == 0 ? '1' : '0') + r.nextInt(i == 0 ? 9 : 10)));
        }
        return s.toString();
    }

    private String printable(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) (0x20 + r.nextInt(0x5f)));
        }
        return s.toString();
    }

    /** Printable ASCII that optional-whitespace trimming leaves as it is. */
    private String printableNoEdgeSpace(int length) {
        String s = printable(length);
        return (char) ('!' + r.nextInt(90)) + s.substring(1, Math.max(1, length - 1)) + (length > 1 ? "!" : "");
    }

    private String insertAfterStructural(String doc, String what) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < doc.length(); i++) {
            if ("{,:".indexOf(doc.charAt(i)) >= 0) {
                at.add(i + 1);
            }
        }
        int i = at.get(r.nextInt(at.size()));
        return doc.substring(0, i) + what + doc.substring(i);
    }

    private String replaceSome(String doc, char from, char to) {
        char[] chars = doc.toCharArray();
        boolean any = false;
        while (!any) {
            for (int i = 0; i < chars.length; i++) {
                if (chars[i] == from && r.nextInt(3) == 0) {
                    chars[i] = to;
                    any = true;
                }
            }
        }
        return new String(chars);
    }

    private String removeOne(String doc, char what) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < doc.length(); i++) {
            if (doc.charAt(i) == what) {
                at.add(i);
            }
        }
        int i = at.get(r.nextInt(at.size()));
        return doc.substring(0, i) + doc.substring(i + 1);
    }

    private static byte[] pad(String doc, int size, String last) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        byte[] start = utf8(doc);
        System.arraycopy(start, 0, body, 0, start.length);
        byte[] end = utf8(last);
        System.arraycopy(end, 0, body, size - end.length, end.length);
        return body;
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private int pickInt(int... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private long pickLong(long... choices) {
        return choices[r.nextInt(choices.length)];
    }

    /** The UTF-8 bytes of {@code s}, one char each, for header text written as ISO-8859-1. */
    private static String latin1View(String s) {
        return new String(utf8(s), StandardCharsets.ISO_8859_1);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String ascii, int... more) {
        byte[] start = bytes(ascii);
        byte[] all = Arrays.copyOf(start, start.length + more.length);
        for (int i = 0; i < more.length; i++) {
            all[start.length + i] = (byte) more[i];
        }
        return all;
    }

    private static byte[] hex(String... hex) {
        byte[] b = new byte[hex.length];
        for (int i = 0; i < hex.length; i++) {
            b[i] = (byte) Integer.parseInt(hex[i], 16);
        }
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static byte[] insert(byte[] into, int at, byte[] what) {
        return concat(concat(Arrays.copyOf(into, at), what), Arrays.copyOfRange(into, at, into.length));
    }

    private static byte[] replace(byte[] in, String marker, byte[] with) {
        return replace(in, bytes(marker), with);
    }

    /** Every occurrence. */
    private static byte[] replace(byte[] in, byte[] marker, byte[] with) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < in.length) {
            if (i <= in.length - marker.length && Arrays.equals(in, i, i + marker.length, marker, 0, marker.length)) {
                out.writeBytes(with);
                i += marker.length;
            } else {
                out.write(in[i++]);
            }
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] in, byte[] what) {
        for (int i = 0; i <= in.length - what.length; i++) {
            if (Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        return -1;
    }

    /** Printable ASCII as is, anything else as \xNN; at most {@code max} bytes shown. */
    static String preview(byte[] bytes, int max) {
        StringBuilder s = new StringBuilder();
        int shown = Math.min(bytes.length, max);
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f) {
                s.append((char) b);
            } else {
                s.append(String.format("\\x%02x", b));
            }
        }
        if (bytes.length > shown) {
            s.append("…(").append(bytes.length).append(" bytes)");
        }
        return s.toString();
    }
}

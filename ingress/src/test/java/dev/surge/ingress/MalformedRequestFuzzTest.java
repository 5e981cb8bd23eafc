package dev.surge.ingress;

import java.io.*;
import java.net.*;
import java.net.http.*;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MalformedRequestFuzzTest {
    @Test
    void probe() throws Exception {
        ch.qos.logback.classic.Logger lg = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(HttpErrors.class);
        var app = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>(); app.start(); lg.addAppender(app);
        try (RunningIngress ingress = new RunningIngress()) {
            String v = "{\"user_id\":\"u-1\",\"item_id\":\"sku-9\",\"quantity\":%s}";
            for (String q : new String[]{"2.0", "1e0", "10.0", "1E1", "2.00000000000000000001", "1.0000000000000001"}) {
                var r = ingress.send("POST", "/v1/orders", v.formatted(q));
                System.out.println("q=" + q + " -> " + r.statusCode() + " " + r.body());
            }
            byte[] valid = v.formatted("1").getBytes(StandardCharsets.UTF_8);
            probe(ingress, "BOM", cat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, valid), "application/json");
            probe(ingress, "UTF16BE+BOM", cat(new byte[]{(byte) 0xFE, (byte) 0xFF}, v.formatted("1").getBytes(StandardCharsets.UTF_16BE)), "application/json");
            probe(ingress, "UTF16LE", v.formatted("1").getBytes(StandardCharsets.UTF_16LE), "application/json");
            probe(ingress, "UTF32", v.formatted("1").getBytes(java.nio.charset.Charset.forName("UTF-32BE")), "application/json");
            probe(ingress, "overlong A", "{\"user_id\":\"u-1\u0000\",\"item_id\":\"sku-9\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8), "application/json");
            byte[] ol = "{\"user_id\":\"u-1XX\",\"item_id\":\"sku-9\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8);
            int i = new String(ol, StandardCharsets.ISO_8859_1).indexOf("XX"); ol[i] = (byte) 0xC1; ol[i + 1] = (byte) 0x81;
            probe(ingress, "overlong C1 81", ol, "application/json");
            probe(ingress, "cesu", replaceXXX("{\"user_id\":\"u-1XXX\",\"item_id\":\"sku-9\",\"quantity\":1}", new byte[]{(byte)0xED,(byte)0xA0,(byte)0x80}), "application/json");
            probe(ingress, "nl", "{\"user_id\":\"u-1\\n\",\"item_id\":\"sku-9\",\"quantity\":1}".getBytes(), "application/json");
            probe(ingress, "u2028", "{\"user_id\":\"u-1\\u2028\",\"item_id\":\"sku-9\",\"quantity\":1}".getBytes(), "application/json");
            probe(ingress, "trailing NUL", cat(valid, new byte[]{0}), "application/json");
            probe(ingress, "ws only", "   ".getBytes(), "application/json");
            probe(ingress, "1MB string", ("{\"user_id\":\"" + "a".repeat(1_000_000) + "\",\"item_id\":\"sku-9\",\"quantity\":1}").getBytes(), "application/json");
            probe(ingress, "60K string", ("{\"user_id\":\"" + "a".repeat(60_000) + "\",\"item_id\":\"sku-9\",\"quantity\":1}").getBytes(), "application/json");
            probe(ingress, "depth32", ("{\"user_id\":\"u\",\"item_id\":\"s\",\"quantity\":1,\"x\":" + "[".repeat(30) + "]".repeat(30) + "}").getBytes(), "application/json");
            probe(ingress, "depth33", ("{\"user_id\":\"u\",\"item_id\":\"s\",\"quantity\":1,\"x\":" + "[".repeat(32) + "]".repeat(32) + "}").getBytes(), "application/json");
            probe(ingress, "10000[", "[".repeat(10000).getBytes(), "application/json");
            // empty idempotency key
            var r = ingress.send("POST", "/v1/orders", v.formatted("1"), "Idempotency-Key", "");
            System.out.println("empty key -> " + r.statusCode() + " " + r.body());
            r = ingress.send("POST", "/v1/orders", v.formatted("1"), "Idempotency-Key", "   ");
            System.out.println("blank key -> " + r.statusCode() + " " + r.body());
            r = ingress.send("POST", "/v1/orders", v.formatted("1"), "Idempotency-Key", "a\tb");
            System.out.println("tab key -> " + r.statusCode() + " " + r.body());
            try { r = ingress.send("POST", "/v1/orders", v.formatted("1"), "Idempotency-Key", "a\u00e9b");
            System.out.println("latin1 key -> " + r.statusCode() + " " + r.body()); } catch (Exception e) { System.out.println("latin1 key: " + e); }
            try { r = ingress.send("POST", "/v1/orders", v.formatted("1"), "Idempotency-Key", "a\u007fb");
            System.out.println("DEL key -> " + r.statusCode() + " " + r.body()); } catch (Exception e) { System.out.println("DEL key: " + e); }
            // oversized
            byte[] big = cat(valid, " ".repeat(1024 * 1024 + 10).getBytes());
            for (int k = 0; k < 3; k++) {
                try {
                    r = ingress.send(ingress.request("/v1/orders").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(big)).build());
                    System.out.println("big -> " + r.statusCode() + " " + r.body());
                } catch (Exception e) { System.out.println("big: " + e); }
                try {
                    r = ingress.send(ingress.request("/v1/orders").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());
                    System.out.println("big chunked -> " + r.statusCode() + " " + r.body());
                } catch (Exception e) { System.out.println("big chunked: " + e); }
                try {
                    r = ingress.send(ingress.request("/v1/orders").header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofByteArray(big)).build());
                    System.out.println("big text -> " + r.statusCode() + " " + r.body());
                } catch (Exception e) { System.out.println("big text: " + e); }
            }
            for (String m : new String[]{"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "FOO"}) {
                try {
                r = ingress.send(ingress.request("/v1/orders").method(m, HttpRequest.BodyPublishers.noBody()).build());
                System.out.println(m + " -> " + r.statusCode() + " " + r.headers().map() + " " + r.body());
                } catch (Exception e) { System.out.println(m + ": " + e); }
            }
            int port = ingress.request("/").build().uri().getPort();
            String body = v.formatted("1");
            String[] raws = {
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: a\u00e9b\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: a\u0001b\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: a\u007fb\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Correlation-ID: a\u0001b\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Correlation-ID: a\u0000b\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nBad Header: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nBad\u0001Header: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n: novalue\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nNoColon\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length : " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Fold: a\r\n b\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999999\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\nContent-Length: 3\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + body + "\r\n0\r\n\r\n",
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nHost: y\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/9.9\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST  /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1 x\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "post /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders\u00ff HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/%2e%2e/v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1//orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders?x=%zz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders#frag HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST http://x/v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: " + body.length() + "\n\n" + body,
              "GARBAGE\r\n\r\n",
              "\r\n\r\n",
              "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003",
              "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Big: " + "a".repeat(20000) + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders?" + "a".repeat(20000) + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\nContent-Length: " + body.length() + "\r\n\r\n" + body,
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length(),
            };
            for (String raw : raws) {
                String res;
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    s.setSoTimeout(5000);
                    try { s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1)); s.shutdownOutput(); } catch (IOException e) { System.out.println("write: " + e); }
                    try { byte[] all = s.getInputStream().readAllBytes(); res = new String(all, StandardCharsets.ISO_8859_1); } catch (IOException e) { res = "EXC " + e; }
                }
                String pre = raw.length() > 110 ? raw.substring(0, 110) : raw;
                System.out.println("RAW " + pre.replace("\r", "\\r").replace("\n", "\\n") + "\n   => " + (res.length() > 400 ? res.substring(0, 400) : res).replace("\r\n", " | "));
            }
            for (var ev : app.list) { System.out.println("LOGGED " + ev.getFormattedMessage()); var t = ev.getThrowableProxy(); while (t != null) { System.out.println("   cause " + t.getClassName() + ": " + t.getMessage()); for (var st : t.getStackTraceElementProxyArray()) { if (st.getSTEAsString().contains("surge") || st.getSTEAsString().contains("helidon")) System.out.println("      " + st.getSTEAsString()); } t = t.getCause(); } }
            System.out.println("published " + ingress.publisher.published().size());
            ingress.publisher.published().forEach(p -> System.out.println(new String(p.value(), StandardCharsets.UTF_8) + " " + p.headers()));
        }
    }
    static byte[] replaceXXX(String s, byte[] with) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8); int i = s.indexOf("XXX");
        System.arraycopy(with, 0, b, i, 3); return b;
    }
    static byte[] cat(byte[] a, byte[] b) { byte[] c = java.util.Arrays.copyOf(a, a.length + b.length); System.arraycopy(b, 0, c, a.length, b.length); return c; }
    static void probe(RunningIngress ingress, String name, byte[] body, String ct) {
        try {
        var r = ingress.send(ingress.request("/v1/orders").header("Content-Type", ct).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        String b = r.body(); System.out.println(name + " -> " + r.statusCode() + " " + (b.length() > 300 ? b.substring(0, 300) : b));
        } catch (Exception e) { System.out.println(name + ": " + e); }
    }
}

package dev.surge.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OrderResultWriterTest {

    private final SplittableRandom random = new SplittableRandom(11);

    @Test
    void writesTheBytesJacksonWouldForGeneratedResults() {
        for (int i = 0; i < 20_000; i++) {
            OrderResult result = result();
            assertThat(new String(OrderResultWriter.toBytes(result), StandardCharsets.UTF_8))
                    .isEqualTo(new String(Json.toBytes(result), StandardCharsets.UTF_8));
        }
    }

    @Test
    void writesTimestampsAsIsoInstantDoes() {
        for (int i = 0; i < 100_000; i++) {
            Instant at = instant();
            assertThat(OrderResultWriter.iso(at)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(at));
        }
        for (Instant edge : new Instant[] {Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59.5Z"), Instant.MIN, Instant.MAX}) {
            assertThat(OrderResultWriter.iso(edge)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(edge));
        }
    }

    @Test
    void readsBackAsTheSameResult() throws Exception {
        OrderResult result = result();
        assertThat(Json.MAPPER.readValue(OrderResultWriter.toBytes(result), OrderResult.class)).isEqualTo(result);
    }

    private OrderResult result() {
        OrderStatus status = OrderStatus.values()[random.nextInt(OrderStatus.values().length)];
        return new OrderResult(text(), text(), text(), 1 + random.nextInt(1000), random.nextInt(20) == 0 ? null : status,
                maybe(text()), maybe(text()), random.nextBoolean() ? null : random.nextLong(-5, Long.MAX_VALUE),
                maybe(text()), random.nextBoolean() ? null : instant(), instant(), maybe(text()), maybe(text()),
                random.nextBoolean() ? null : instant());
    }

    private Instant instant() {
        long seconds = random.nextLong(-62_000_000_000L, 253_402_300_799L);
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private String text() {
        String alphabet = "abcXYZ019_-:\"\\/\u00e9\u4e2d\n\t ";
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(1, 20); i > 0; i--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private <T> T maybe(T value) {
        return random.nextInt(3) == 0 ? null : value;
    }
}

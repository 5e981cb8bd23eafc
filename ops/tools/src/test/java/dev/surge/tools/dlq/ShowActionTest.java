package dev.surge.tools.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.node.dlq.DlqEntry;
import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.DlqRecord.Reason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** What {@code surge dlq show} prints of one record: nothing in it may reach the terminal raw. */
class ShowActionTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final String RED = "\u001b[31m";

    @Test
    void headerKeysAndValuesAndEveryOtherRecordFieldAreEscaped() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("orders-dlq", 0, 3L,
                (RED + "k").getBytes(StandardCharsets.UTF_8), ("v\r\n" + RED).getBytes(StandardCharsets.UTF_8));
        record.headers().add(RED + "key\nnext-line: forged",
                ("value" + RED + "\u009b2J").getBytes(StandardCharsets.UTF_8));
        new DlqRecord(Reason.INVALID_JSON, "bad\n" + RED + "error", "orders" + RED + "\nforged", 0, 7L, "c-1",
                NOW.minusSeconds(60)).writeTo(record.headers());
        DlqEntry entry = DlqEntry.of(record);

        String printed = print(entry);

        assertThat(printed).doesNotContain("\u001b", "\u009b", "\r");
        assertThat(printed.lines()).as("one line per field, none forged").hasSize(7);
        assertThat(printed)
                .contains("    headers    \\u001b[31mkey\\nnext-line: forged=value\\u001b[31m\\u009b2J, correlation_id=c-1")
                .contains("    source     orders\\u001b[31m\\nforged-0@7")
                .contains("    error      bad\\n\\u001b[31merror")
                .contains("    key        \\u001b[31mk")
                .contains("    value      v\\r\\n\\u001b[31m");
    }

    private static String print(DlqEntry entry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ShowAction.print(entry, "pending", NOW, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}

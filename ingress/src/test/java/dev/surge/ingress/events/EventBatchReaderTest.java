package dev.surge.ingress.events;

import static dev.surge.ingress.events.EventRequests.gzip;
import static dev.surge.ingress.events.EventRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import dev.surge.http.RequestRejected;
import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader's parts that need no HTTP: inflating within the limit and splitting NDJSON. */
class EventBatchReaderTest {

    private static final int LIMIT = 1000;
    private final EventBatchReader reader = new EventBatchReader(LIMIT, 3);

    @Test
    void inflatesUpToTheLimitAndNotOneBytePast() throws Exception {
        assertThat(reader.inflate(gzip(new byte[LIMIT]))).hasSize(LIMIT);
        assertThatThrownBy(() -> reader.inflate(gzip(new byte[LIMIT + 1])))
                .isInstanceOfSatisfying(RequestRejected.class, e -> assertThat(e.status().code()).isEqualTo(413));
    }

    @Test
    void inflatesConcatenatedMembersAsOneBody() throws Exception {
        byte[] first = gzip(utf8("[{\"a\":"));
        byte[] second = gzip(utf8("1}]"));
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);

        assertThat(new String(reader.inflate(both))).isEqualTo("[{\"a\":1}]");
    }

    @Test
    void splitsNdjsonIntoEventsMeasuredByTheirLine() throws Exception {
        List<BatchItem> items = reader.lines(utf8("{\"a\":1}\r\n\n   \n{\"b\": 2}\n{"));

        assertThat(items).hasSize(3);
        assertThat(items.get(0)).isInstanceOfSatisfying(BatchItem.Parsed.class,
                parsed -> assertThat(parsed.bytes()).isEqualTo(7));
        assertThat(items.get(1)).isInstanceOfSatisfying(BatchItem.Parsed.class,
                parsed -> assertThat(parsed.bytes()).isEqualTo(8));
        assertThat(items.get(2)).isInstanceOf(BatchItem.NotJson.class);
    }

    @Test
    void countsEventsNotLinesAgainstTheBatchLimit() throws Exception {
        assertThatThrownBy(() -> reader.lines(utf8("{}\n{}\n{}\n{}\n")))
                .isInstanceOfSatisfying(RequestRejected.class, e -> assertThat(e.status().code()).isEqualTo(413));
        assertThat(reader.lines(utf8("\n{}\n\n{}\n\n{}\n\n")).size()).isEqualTo(3);
    }

    @Test
    void countsAnArraysEventsBeforeBuildingAnyTree() throws Exception {
        // 1 KB of gzip inflates to this; as a tree it took 20 MiB before the count refused it.
        byte[] body = utf8("[" + String.join(",", Collections.nCopies(349_525, "[]")) + "]");
        EventBatchReader bounded = new EventBatchReader(2 * 1024 * 1024, 1_000);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> bounded.array(body))
                .isInstanceOfSatisfying(RequestRejected.class, e -> assertThat(e.status().code()).isEqualTo(413));
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(2 * 1024 * 1024);

        assertThatThrownBy(() -> reader.array(utf8("{\"events\": [{}, {}, {}, {}]}")))
                .isInstanceOfSatisfying(RequestRejected.class, e -> assertThat(e.status().code()).isEqualTo(413));
        assertThat(reader.array(utf8("{\"events\": [{\"a\": [1, 2, 3]}, {}, {}]}"))).hasSize(3);
    }

    @Test
    void measuresAnArrayElementAsCompactJson() throws Exception {
        List<BatchItem> items = reader.array(utf8("[ { \"a\" : 1 } ,\n 42 ]"));

        assertThat(items).extracting(item -> ((BatchItem.Parsed) item).bytes()).containsExactly(7, 2);
    }
}

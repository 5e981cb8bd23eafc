package dev.surge.query.stream;

import dev.surge.http.RequestRejected;
import dev.surge.schemas.Json;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.util.List;
import java.util.Map;

/**
 * One open event stream: JSON events, heartbeat comments, and the {@code end} event that always
 * comes last when the server closes it. A write that fails means the client went away; it throws
 * {@link java.io.UncheckedIOException} (or another runtime exception), which ends the stream.
 */
final class EventSink implements AutoCloseable {

    private final SseSink sink;

    private EventSink(SseSink sink) {
        this.sink = sink;
    }

    /** Refuses, before anything is sent, a request whose Accept header rules event streams out. */
    static void requireEventStream(ServerRequest request) throws RequestRejected {
        if (!request.headers().isAccepted(MediaTypes.TEXT_EVENT_STREAM)) {
            throw new RequestRejected(Status.NOT_ACCEPTABLE_406, "not_acceptable",
                    "this path answers with text/event-stream only (Accept)", List.of(), Map.of());
        }
    }

    /** Sends the response's head: from here on the answer is 200, whatever happens. */
    static EventSink open(ServerResponse response) {
        // Proxies that buffer (nginx) would hold events back until their buffer fills.
        response.header(HeaderNames.create("X-Accel-Buffering"), "no");
        return new EventSink(response.sink(SseSink.TYPE));
    }

    void event(String name, Object data, String id) {
        SseEvent.Builder event = SseEvent.builder().name(name).data(Json.toBytes(data));
        if (id != null) {
            event.id(id);
        }
        sink.emit(event.build());
    }

    void heartbeat() {
        sink.emit(SseEvent.builder().comment("heartbeat").build());
    }

    void end(EndReason reason) {
        event("end", new End(reason.code(), reason.message()), null);
    }

    /** The {@code end} event's data. */
    record End(String reason, String message) {
    }

    @Override
    public void close() {
        try {
            sink.close();
        } catch (RuntimeException e) {
            // The client is gone already: nothing to close politely.
        }
    }
}

package dev.surge.ingress;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the services publish; can be told to refuse (broker down) or to blow up (a bug). */
final class InMemoryPublisher implements RecordPublisher {

    record Published(String topic, String key, byte[] value, Map<String, String> headers) {
    }

    enum Mode { ACKNOWLEDGE, TIME_OUT, CRASH }

    private final List<Published> published = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.ACKNOWLEDGE;

    @Override
    public void publish(String topic, String key, byte[] value, Map<String, String> headers)
            throws PublishFailedException {
        switch (mode) {
            case ACKNOWLEDGE -> published.add(new Published(topic, key, value, Map.copyOf(headers)));
            case TIME_OUT -> throw new PublishFailedException(topic + ": not acknowledged within 5s", null);
            case CRASH -> throw new IllegalStateException("a bug with secret internals");
        }
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    List<Published> published() {
        return List.copyOf(published);
    }

    void clear() {
        published.clear();
        mode = Mode.ACKNOWLEDGE;
    }
}

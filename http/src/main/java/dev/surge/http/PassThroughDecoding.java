package dev.surge.http;

import io.helidon.http.Headers;
import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.http.encoding.ContentEncodingContextConfig;

/**
 * The server's content codings: request bodies reach the routes as sent, Content-Encoding and all,
 * and each route decides what it takes. {@code POST /v1/events} inflates gzip itself, so it can stop
 * a zip bomb one byte past its limit and answer a coding it lacks with 415; {@link JsonBody#read}
 * refuses every coding. Helidon's own decoding would instead answer any coding it has no module for
 * (every coding, with none on the classpath) with a bare 400 before a route is chosen.
 * Responses are encoded as Helidon's defaults say.
 *
 * <p>Install on the server: {@code WebServer.builder().contentEncoding(new PassThroughDecoding())}.
 */
public final class PassThroughDecoding implements ContentEncodingContext {

    private final ContentEncodingContext defaults = ContentEncodingContext.create();

    @Override
    public boolean contentDecodingEnabled() {
        return true;
    }

    @Override
    public boolean contentDecodingSupported(String encodingId) {
        return true;
    }

    @Override
    public ContentDecoder decoder(String encodingId) {
        return ContentDecoder.NO_OP;
    }

    @Override
    public boolean contentEncodingEnabled() {
        return defaults.contentEncodingEnabled();
    }

    @Override
    public boolean contentEncodingSupported(String encodingId) {
        return defaults.contentEncodingSupported(encodingId);
    }

    @Override
    public ContentEncoder encoder(String encodingId) {
        return defaults.encoder(encodingId);
    }

    @Override
    public ContentEncoder encoder(Headers headers) {
        return defaults.encoder(headers);
    }

    @Override
    public ContentEncodingContextConfig prototype() {
        return defaults.prototype();
    }
}

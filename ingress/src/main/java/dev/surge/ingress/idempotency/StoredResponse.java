package dev.surge.ingress.idempotency;

import java.util.Map;

/** A finished request's response, kept to be replayed for a retry with the same key and body. */
public record StoredResponse(int status, Map<String, String> headers, byte[] body) {

    public StoredResponse {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}

package dev.surge.http.auth;

import dev.surge.config.ApiKeysSetting;
import dev.surge.config.AuthSettings;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * Whose orders a request may see: those its key placed, or with the {@code all_orders} scope all
 * of them. An order placed by another key is answered as unknown, so ids cannot be probed.
 *
 * <p>A read forwarded by another instance carries the original caller's view in
 * {@link #ON_BEHALF_OF}, trusted only together with the INTERNAL_TOKEN; the owner of the key then
 * applies the same rule as the instance the caller asked.
 */
public record Viewer(String keyId, boolean allOrders) {

    public static final HeaderName ON_BEHALF_OF = HeaderNames.create("X-Surge-On-Behalf-Of");

    /** Auth is off: every caller is the operator. */
    static final Viewer EVERYONE = new Viewer("*", true);
    /** A caller we know nothing of, e.g. an internal call without the header: sees no order. */
    static final Viewer NOBODY = new Viewer("", false);

    private static final String ALL = "*";

    public static Viewer of(ServerRequest request) {
        return request.context().get(Viewer.class).orElse(NOBODY);
    }

    static Viewer of(AuthSettings.ApiKey key) {
        return new Viewer(key.id(), key.scopes().contains(AuthSettings.Scope.ALL_ORDERS));
    }

    /** What another instance sent in {@link #ON_BEHALF_OF}; nothing or anything malformed sees nothing. */
    static Viewer onBehalfOf(Optional<String> header) {
        if (header.isEmpty()) {
            return NOBODY;
        }
        String value = header.get().trim();
        if (value.equals(ALL)) {
            return EVERYONE;
        }
        return ApiKeysSetting.ID.matcher(value).matches() ? new Viewer(value, false) : NOBODY;
    }

    /** The value of {@link #ON_BEHALF_OF} that stands for this viewer on a forwarded read. */
    public String header() {
        return allOrders ? ALL : keyId;
    }

    /** Whether an order placed by {@code placedBy} (null: by a producer on Kafka, not over HTTP) is visible. */
    public boolean sees(String placedBy) {
        return allOrders || keyId.equals(placedBy);
    }
}

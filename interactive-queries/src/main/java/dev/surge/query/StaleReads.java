package dev.surge.query;

import dev.surge.http.RequestRejected;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * How far behind a replica may be for the caller to take its answer: {@code ?max_lag=N} or the
 * {@value #HEADER} header, in records of the store's changelog. Without either, only the running
 * owner answers; with it, a standby or a restoring owner within that lag may answer while the owner
 * cannot, and says its lag in {@value #LAG}.
 */
public record StaleReads(long maxLag) {

    public static final String PARAMETER = "max_lag";
    public static final String HEADER = "X-Surge-Max-Lag";
    /** On an answer from a replica that is not the running owner: its lag in records. */
    public static final String LAG = "X-Surge-Lag";

    /** Fresh reads only. */
    public static final StaleReads NONE = new StaleReads(-1);

    public boolean allowed() {
        return maxLag >= 0;
    }

    /** Whether a replica {@code lag} records behind may answer. */
    public boolean accepts(long lag) {
        return allowed() && lag <= maxLag;
    }

    /** The caller's allowance from the query parameter, else the header, else none. */
    public static StaleReads of(ServerRequest req) throws RequestRejected {
        Optional<String> raw = req.query().first(PARAMETER).asOptional()
                .or(() -> req.headers().first(HeaderNames.create(HEADER)));
        if (raw.isEmpty()) {
            return NONE;
        }
        try {
            long lag = Long.parseLong(raw.get().strip());
            if (lag >= 0) {
                return new StaleReads(lag);
            }
        } catch (NumberFormatException e) {
            // Answered below, as any other bad value.
        }
        throw RequestRejected.invalidParameter(PARAMETER, "'" + raw.get()
                + "' is not a lag: a whole number of records, 0 or more");
    }
}

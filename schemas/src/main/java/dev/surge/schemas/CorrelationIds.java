package dev.surge.schemas;

import java.util.UUID;

/**
 * Correlation ids follow a request from HTTP through Kafka headers into results, DLQ records and logs.
 * A caller's id is kept when it is a sane token, so it cannot smuggle anything into headers or logs.
 */
public final class CorrelationIds {

    public static final String HEADER = "X-Correlation-ID";

    public static final int MAX_LENGTH = 128;

    private CorrelationIds() {
    }

    /** The caller's id when sane, else a new one ({@code prefix:uuid}). */
    public static String acceptOrCreate(String offered, String prefix) {
        return isSane(offered) ? offered : prefix + ":" + UUID.randomUUID();
    }

    /**
     * 1-128 characters of {@code [A-Za-z0-9._:-]}. A loop rather than a regex: the topology asks
     * this of every record it traces.
     */
    public static boolean isSane(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean sane = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!sane) {
                return false;
            }
        }
        return true;
    }
}

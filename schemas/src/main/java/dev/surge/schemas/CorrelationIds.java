package dev.surge.schemas;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Correlation ids follow a request from HTTP through Kafka headers into results, DLQ records and logs.
 * A caller's id is kept when it is a sane token, so it cannot smuggle anything into headers or logs.
 */
public final class CorrelationIds {

    public static final String HEADER = "X-Correlation-ID";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private CorrelationIds() {
    }

    /** The caller's id when sane, else a new one ({@code prefix:uuid}). */
    public static String acceptOrCreate(String offered, String prefix) {
        return offered != null && SANE.matcher(offered).matches() ? offered : prefix + ":" + UUID.randomUUID();
    }
}

package dev.surge.config;

import dev.surge.config.AuthSettings.ApiKey;
import dev.surge.config.AuthSettings.Scope;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API_KEYS setting: entries separated by {@code ;}, each {@code id:sha256-hex:scope,scope},
 * for example {@code shop-1:9f86d0…:ingest,read}. {@code surge keys create} prints such an entry.
 */
public final class ApiKeysSetting {

    /** Ids label metrics and logs, and appear in the key itself: short, lower-case, no separators of ours. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** The scope keys had before orders and events were apart: both. */
    private static final String INGEST = "ingest";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private ApiKeysSetting() {
    }

    public static List<ApiKey> parse(String setting) {
        List<ApiKey> keys = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String entry : setting.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split(":", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("entry '" + redact(entry) + "' must be id:sha256-hex:scopes");
            }
            String id = parts[0].trim();
            String hash = parts[1].trim().toLowerCase(Locale.ROOT);
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("key id '" + id + "' must match " + ID.pattern());
            }
            if (!ids.add(id)) {
                throw new IllegalArgumentException("key id '" + id + "' appears twice");
            }
            if (!SHA256_HEX.matcher(hash).matches()) {
                throw new IllegalArgumentException("key '" + id + "': the hash must be 64 hex digits (SHA-256)");
            }
            keys.add(new ApiKey(id, hash, scopes(id, parts[2])));
        }
        return List.copyOf(keys);
    }

    public static Set<Scope> scopes(String id, String text) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : text.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            String scope = name.trim().toLowerCase(Locale.ROOT);
            if (scope.equals(INGEST)) {
                scopes.add(Scope.ORDERS);
                scopes.add(Scope.EVENTS);
                continue;
            }
            try {
                scopes.add(Scope.valueOf(scope.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key '" + id + "': unknown scope '" + name.trim()
                        + "' (known: orders, events, ingest (both), read, all_orders, admin)");
            }
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("key '" + id + "' has no scopes");
        }
        return scopes;
    }

    /** An entry in an error message shows its id only: someone may have pasted a secret there. */
    private static String redact(String entry) {
        int colon = entry.indexOf(':');
        return (colon < 0 ? "" : entry.substring(0, colon)) + ":…";
    }
}

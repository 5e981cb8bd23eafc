package dev.surge.http.auth;

import dev.surge.config.ApiKeysSetting;
import dev.surge.http.Sha256;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape of a key: {@code surge_<id>_<secret>}, the secret being 32 random bytes in base64url
 * without padding. The id travels inside the key so a key is looked up by id and checked with one
 * hash comparison, instead of being compared against every configured hash. An id cannot contain
 * {@code _}, so the first {@code _} after the prefix ends it even though the secret may contain more.
 */
final class ApiKeyFormat {

    static final String PREFIX = "surge_";
    static final int SECRET_BYTES = 32;
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    private ApiKeyFormat() {
    }

    static String format(String id, byte[] secret) {
        return PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The id a well-formed key names; empty for anything else. Says nothing about whether the key is valid. */
    static Optional<String> idOf(String key) {
        if (!key.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int end = key.indexOf('_', PREFIX.length());
        if (end < 0) {
            return Optional.empty();
        }
        String id = key.substring(PREFIX.length(), end);
        String secret = key.substring(end + 1);
        if (!ApiKeysSetting.ID.matcher(id).matches() || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        return Optional.of(id);
    }

    /** SHA-256 of the whole key in UTF-8, as configured hashes are made. */
    static byte[] sha256(String key) {
        return Sha256.of(key);
    }

    static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }
}

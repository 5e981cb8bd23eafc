package dev.surge.http.auth;

import dev.surge.config.AuthSettings.ApiKey;
import dev.surge.config.AuthSettings;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The configured keys, checked so that the time an answer takes says nothing about the key: every
 * presented key, well-formed or not, known id or not, costs one SHA-256 and one constant-time
 * comparison of 32 bytes. Only the presented key's length shows, and the caller knows that already.
 */
public final class ApiKeys {

    /** Compared against when there is no real hash to compare with; random, so nothing can match it. */
    private static final byte[] DUMMY_HASH = randomHash();

    private final Map<String, Configured> byId;

    public ApiKeys(AuthSettings auth) {
        byId = auth.keys().stream()
                .map(key -> new Configured(key, HexFormat.of().parseHex(key.sha256Hex())))
                .collect(Collectors.toUnmodifiableMap(configured -> configured.key().id(), Function.identity()));
    }

    public Optional<ApiKey> authenticate(String presented) {
        String candidate = presented == null ? "" : presented;
        Configured configured = ApiKeyFormat.idOf(candidate).map(byId::get).orElse(null);
        byte[] expected = configured == null ? DUMMY_HASH : configured.sha256();
        // Hash and compare before looking at whether there was a key, so both paths do the same work.
        boolean matches = MessageDigest.isEqual(ApiKeyFormat.sha256(candidate), expected);
        return matches && configured != null ? Optional.of(configured.key()) : Optional.empty();
    }

    private record Configured(ApiKey key, byte[] sha256) {
    }

    private static byte[] randomHash() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}

package dev.surge.http.auth;

import dev.surge.config.ApiKeysSetting;
import dev.surge.config.AuthSettings.Scope;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Makes new API keys for {@code surge keys create}: the key for the client, a config entry for the server. */
public final class ApiKeyGenerator {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyGenerator() {
    }

    /**
     * @param key         the secret to hand to the client; shown once, never stored
     * @param sha256Hex   what the server stores instead
     * @param configEntry the key's entry for API_KEYS: {@code id:sha256:scope,scope}
     */
    public record NewKey(String id, String key, String sha256Hex, String configEntry) {

        /** Keeps the secret out of logs and assertion messages that print the record. */
        @Override
        public String toString() {
            return "NewKey[id=" + id + ", configEntry=" + configEntry + "]";
        }
    }

    public static NewKey create(String id, Set<Scope> scopes) {
        if (id == null || !ApiKeysSetting.ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key id '" + id + "' must match " + ApiKeysSetting.ID.pattern());
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one scope (orders, events, read, all_orders, admin)");
        }
        byte[] secret = new byte[ApiKeyFormat.SECRET_BYTES];
        RANDOM.nextBytes(secret);
        String key = ApiKeyFormat.format(id, secret);
        String hash = ApiKeyFormat.sha256Hex(key);
        // Sorted so the same scopes always print the same line, whatever order they were given in.
        String scopeList = scopes.stream()
                .map(scope -> scope.name().toLowerCase(Locale.ROOT))
                .sorted()
                .collect(Collectors.joining(","));
        return new NewKey(id, key, hash, id + ":" + hash + ":" + scopeList);
    }
}

package dev.surge.tools;

import dev.surge.config.ApiKeysSetting;
import dev.surge.config.AuthSettings.Scope;
import dev.surge.http.auth.ApiKeyGenerator;
import java.io.PrintStream;
import java.util.Deque;
import java.util.Set;
import java.util.UUID;

/** {@code surge keys create --scopes ingest,read [--id shop-1]}: a new API key and its API_KEYS entry. */
final class KeysCommand {

    private static final String USAGE = "keys create --scopes ingest,admin,read [--id ID]";

    private KeysCommand() {
    }

    static int run(Deque<String> args, PrintStream out) {
        if (args.isEmpty() || !args.pop().equals("create")) {
            throw new IllegalArgumentException("usage: " + USAGE);
        }
        String scopes = null;
        String id = null;
        while (!args.isEmpty()) {
            String arg = args.pop();
            String value = OptionValue.of("--scopes", arg, args);
            if (value != null) {
                scopes = value;
            } else if ((value = OptionValue.of("--id", arg, args)) != null) {
                id = value;
            } else {
                throw new IllegalArgumentException("unknown option '" + arg + "' (" + USAGE + ")");
            }
        }
        if (scopes == null) {
            throw new IllegalArgumentException("--scopes is required (" + USAGE + ")");
        }
        if (id == null) {
            id = "key-" + UUID.randomUUID().toString().substring(0, 8);
        }
        Set<Scope> parsed = ApiKeysSetting.scopes(id, scopes);
        ApiKeyGenerator.NewKey key = ApiKeyGenerator.create(id, parsed);
        out.println("API key (shown once; Surge keeps only its SHA-256):");
        out.println("  " + key.key());
        out.println();
        out.println("Add this entry to API_KEYS (entries are separated by ';'):");
        out.println("  " + key.configEntry());
        out.println();
        out.println("Clients send it as 'X-API-Key: <key>' or 'Authorization: Bearer <key>'.");
        return 0;
    }
}

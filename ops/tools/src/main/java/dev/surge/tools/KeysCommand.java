package dev.surge.tools;

import dev.surge.config.ApiKeysSetting;
import dev.surge.config.AuthSettings.Scope;
import dev.surge.http.auth.ApiKeyGenerator;
import dev.surge.schemas.AuditRecord;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code surge keys create --scopes ingest,read [--id shop-1]}: a new API key and its API_KEYS entry. */
@Command(name = "keys", description = "Create API keys for Surge's HTTP API.", subcommands = KeysCommand.Create.class)
final class KeysCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final PrintStream out;

    KeysCommand() {
        this(System.out);
    }

    KeysCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        throw Cli.missingAction(spec);
    }

    @Command(name = "create", description = "Print a new API key (shown once) and its API_KEYS entry.")
    static final class Create implements Callable<Integer> {

        @ParentCommand
        KeysCommand keys;

        // Text, not a typed list: API_KEYS's own parser reads it, as Surge will read the entry.
        @Option(names = "--scopes", paramLabel = "S[,S...]", required = true,
                description = "what the key may do: orders, events, read, all_orders, admin; ingest = orders,events (comma-separated)")
        String scopes;

        @Option(names = "--id", paramLabel = "ID",
                description = "the key's id: part of the key, its label in metrics and logs (default: key-<random>)")
        String id;

        @Override
        public Integer call() {
            String name = id != null ? id : "key-" + UUID.randomUUID().toString().substring(0, 8);
            Set<Scope> parsed = ApiKeysSetting.scopes(name, scopes);
            ApiKeyGenerator.NewKey key = ApiKeyGenerator.create(name, parsed);
            PrintStream out = keys.out;
            out.println("API key (shown once; Surge keeps only its SHA-256):");
            out.println("  " + key.key());
            out.println();
            out.println("Add this entry to API_KEYS (entries are separated by ';'):");
            out.println("  " + key.configEntry());
            out.println();
            out.println("Clients send it as 'X-API-Key: <key>' or 'Authorization: Bearer <key>'.");
            // Logged only: creating a key changes nothing until someone adds it to API_KEYS, and
            // this command works without any Kafka. The id and scopes, never the key.
            CliAudit audit = CliAudit.forThisRun(Clock.systemUTC());
            audit.log(audit.done(AuditRecord.Action.KEY_CREATED, Map.of("key_id", name),
                    Map.of("scopes", parsed.stream().map(scope -> scope.name().toLowerCase(Locale.ROOT)).sorted().collect(Collectors.joining(",")))));
            return 0;
        }
    }
}

package dev.surge.tools.acls;

import dev.surge.tools.acls.Grant.Party;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;

/** The matrix as people and scripts read it: kafka-acls.sh commands, or a Markdown table. */
final class AclText {

    private AclText() {
    }

    static void print(List<Grant> grants, Map<Party, String> principals, boolean markdown, PrintStream out) {
        if (markdown) {
            out.println("| principal | operation | resource | name | pattern | needed for |");
            out.println("|---|---|---|---|---|---|");
        }
        for (Grant grant : grants) {
            String principal = AclMatrix.principal(principals, grant.who());
            out.println(markdown ? row(grant, principal) : command(grant, principal));
        }
    }

    /** One kafka-acls.sh invocation per grant, its reason as a shell comment. */
    static String command(Grant grant, String principal) {
        return "kafka-acls.sh --bootstrap-server \"$KAFKA_BOOTSTRAP_SERVERS\" --command-config admin.properties --add"
                + " --allow-principal " + principal + " --operation " + camel(grant.operation())
                + " --" + grant.type().name().toLowerCase(Locale.ROOT).replace('_', '-') + " " + grant.name()
                + (grant.prefixed() ? " --resource-pattern-type prefixed" : "") + "  # " + grant.why();
    }

    static String row(Grant grant, String principal) {
        return "| " + principal + " | " + camel(grant.operation()) + " | "
                + grant.type().name().toLowerCase(Locale.ROOT).replace('_', '-') + " | `" + grant.name()
                + (grant.prefixed() ? "*" : "") + "` | " + (grant.prefixed() ? "prefixed" : "literal") + " | "
                + grant.why() + " |";
    }

    /** kafka-acls.sh's spelling: DESCRIBE_CONFIGS is DescribeConfigs. */
    static String camel(AclOperation operation) {
        return Arrays.stream(operation.name().split("_"))
                .map(w -> w.charAt(0) + w.substring(1).toLowerCase(Locale.ROOT)).collect(Collectors.joining());
    }
}

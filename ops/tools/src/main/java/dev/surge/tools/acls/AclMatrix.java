package dev.surge.tools.acls;

import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;

import dev.surge.node.dlq.DlqBacklog;
import dev.surge.schemas.Topics;
import dev.surge.tools.acls.Grant.Party;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Every Kafka right Surge's parts need, derived from the calls each makes, and nothing more: on a
 * cluster with an authorizer, write access to {@code inventory-commands} sets stock, to
 * {@code order-results} forges statuses, and READ on the group {@code APPLICATION_ID} joins the
 * application. Rights a listed one implies (DESCRIBE under READ, WRITE, DELETE) are not repeated.
 *
 * <p>Surge's topics are created beforehand by the cluster's admin ({@code surge acls --apply}):
 * no part gets CREATE on them. The processor gets CREATE on {@code APPLICATION_ID-*} only: Kafka
 * Streams creates its changelog and repartition topics itself.
 */
public final class AclMatrix {

    private AclMatrix() {
    }

    public static List<Grant> grants(Topics topics, String applicationId) {
        List<Grant> g = new ArrayList<>();
        String internal = applicationId + "-";
        String dlqGroup = DlqBacklog.groupId(applicationId);
        List<String> inputs = List.of(topics.orders().name(), topics.inventoryCommands().name(),
                topics.orderCommands().name(), topics.events().name());
        List<String> dlqs = List.of(topics.ordersDlq().name(), topics.eventsDlq().name());

        // Ingress: its idempotent producer (not transactional: WRITE on a topic also grants it a producer id).
        g.add(topic(Party.INGRESS, WRITE, topics.orders().name(), "POST /v1/orders"));
        g.add(topic(Party.INGRESS, WRITE, topics.inventoryCommands().name(), "PUT, POST /v1/admin/inventory"));
        g.add(topic(Party.INGRESS, WRITE, topics.events().name(), "POST /v1/events"));
        g.add(topic(Party.INGRESS, WRITE, topics.audit().name(), "the audit record of a stock set or restock"));
        List<String> ingressWrites = List.of(topics.orders().name(), topics.inventoryCommands().name(),
                topics.events().name(), topics.audit().name());
        for (String name : topics.all()) {
            if (!ingressWrites.contains(name)) {
                g.add(topic(Party.INGRESS, DESCRIBE, name, "start-up (topics exist?) and GET /health"));
            }
        }
        everyTopic(g, Party.INGRESS, topics);

        // Processor: Kafka Streams, exactly_once_v2; then the node's lag, DLQ backlog and live-stream readers.
        for (String name : inputs) {
            g.add(topic(Party.PROCESSOR, READ, name, "topology input"));
        }
        g.add(topic(Party.PROCESSOR, READ, topics.orderResults().name(), "the order-status table's source"));
        // Only what a producer with WRITE already wrote, copied to the partition of its key; and the
        // confirms and cancels of POST /v1/orders/{id}/confirm, /cancel.
        g.add(topic(Party.PROCESSOR, WRITE, topics.orders().name(), "an order on the wrong partition, re-produced to"
                + " its key's"));
        g.add(topic(Party.PROCESSOR, WRITE, topics.inventoryCommands().name(), "a stock command on the wrong"
                + " partition, re-produced to its key's"));
        g.add(topic(Party.PROCESSOR, WRITE, topics.orderCommands().name(), "POST /v1/orders/{id}/confirm, /cancel;"
                + " a command on the wrong partition, re-produced to its key's"));
        g.add(topic(Party.PROCESSOR, WRITE, topics.orderResults().name(), "order results"));
        g.add(topic(Party.PROCESSOR, WRITE, topics.metricsDaily().name(), "metric rows"));
        g.add(topic(Party.PROCESSOR, WRITE, topics.metricsHourly().name(), "metric rows"));
        for (String dlq : dlqs) {
            g.add(topic(Party.PROCESSOR, WRITE, dlq, "dead letters"));
            g.add(topic(Party.PROCESSOR, READ, dlq, "processor_dlq_* gauges, lag of " + dlqGroup));
        }
        g.add(topic(Party.PROCESSOR, DESCRIBE, topics.audit().name(), "start-up (topics exist?) and GET /health"));
        everyTopic(g, Party.PROCESSOR, topics);
        g.add(new Grant(Party.PROCESSOR, READ, GROUP, applicationId, false, "the Streams consumer group"));
        g.add(new Grant(Party.PROCESSOR, DESCRIBE, GROUP, dlqGroup, false, "DLQ backlog gauges, GET /v1/lag"));
        for (AclOperation op : List.of(CREATE, READ, WRITE, DELETE, DESCRIBE_CONFIGS)) {
            g.add(new Grant(Party.PROCESSOR, op, TOPIC, internal, true, internalWhy(op)));
        }
        g.add(new Grant(Party.PROCESSOR, WRITE, TRANSACTIONAL_ID, internal, true,
                "exactly_once_v2 transactions (" + internal + "<process>-<thread>)"));

        // Operator: surge dlq list|show|replay and surge reset (surge keys touches no Kafka).
        for (String dlq : dlqs) {
            g.add(topic(Party.OPERATOR, READ, dlq, "surge dlq list, show, replay"));
        }
        g.add(new Grant(Party.OPERATOR, READ, GROUP, dlqGroup, false,
                "surge dlq: what is handled; replay commits its offsets"));
        g.add(new Grant(Party.OPERATOR, WRITE, TRANSACTIONAL_ID, dlqGroup + "-replay", false, "surge dlq replay"));
        for (String name : inputs) {
            g.add(topic(Party.OPERATOR, WRITE, name, "surge dlq replay (to the source topic)"));
            g.add(topic(Party.OPERATOR, READ, name, "surge reset (offsets to the earliest)"));
        }
        g.add(topic(Party.OPERATOR, READ, topics.orderResults().name(), "surge reset (offsets to the earliest)"));
        g.add(new Grant(Party.OPERATOR, READ, GROUP, applicationId, false, "surge reset: moves the group's offsets"));
        g.add(new Grant(Party.OPERATOR, DELETE, GROUP, applicationId, false,
                "surge reset: drops offsets of deleted topics"));
        g.add(new Grant(Party.OPERATOR, READ, TOPIC, internal, true, "surge reset: the group's internal offsets"));
        g.add(new Grant(Party.OPERATOR, DELETE, TOPIC, internal, true, "surge reset: deletes the internal topics"));
        g.add(topic(Party.OPERATOR, WRITE, topics.audit().name(), "the audit records of surge dlq replay and reset"));
        return List.copyOf(g);
    }

    /** Every binding of the matrix, for these principals ({@code User:name}). */
    public static List<AclBinding> bindings(Topics topics, String applicationId, Map<Party, String> principals) {
        return grants(topics, applicationId).stream().map(grant -> grant.binding(principal(principals, grant.who())))
                .toList();
    }

    static String principal(Map<Party, String> principals, Party party) {
        String principal = principals.get(party);
        if (principal == null) {
            throw new IllegalArgumentException("no principal for " + party);
        }
        return principal;
    }

    /** GET /health reads min.insync.replicas of every topic of Surge's. */
    private static void everyTopic(List<Grant> g, Party who, Topics topics) {
        for (String name : topics.all()) {
            g.add(topic(who, DESCRIBE_CONFIGS, name, "GET /health (min.insync.replicas)"));
        }
    }

    private static String internalWhy(AclOperation op) {
        return switch (op) {
            case CREATE -> "Streams creates its changelog and repartition topics";
            case DELETE -> "Streams purges consumed repartition records";
            case DESCRIBE_CONFIGS -> "Streams checks its internal topics' configs";
            default -> "changelogs (restore, live streams) and repartition topics";
        };
    }

    private static Grant topic(Party who, AclOperation operation, String name, String why) {
        return new Grant(who, operation, ResourceType.TOPIC, name, false, why);
    }
}

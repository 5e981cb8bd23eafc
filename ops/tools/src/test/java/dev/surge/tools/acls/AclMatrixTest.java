package dev.surge.tools.acls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.schemas.Topics;
import dev.surge.tools.acls.Grant.Party;
import java.util.List;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** The matrix's promises: what each principal is never given, whatever the names. */
class AclMatrixTest {

    private static final Topics TOPICS = Topics.withPrefix("shop-");
    private static final List<Grant> GRANTS = AclMatrix.grants(TOPICS, "sale");

    @Test
    void noOneMayCreateSurgesOwnTopics() {
        assertThat(GRANTS).filteredOn(g -> g.operation() == AclOperation.CREATE)
                .allSatisfy(g -> {
                    assertThat(g.who()).isEqualTo(Party.PROCESSOR);
                    assertThat(g.name()).isEqualTo("sale-");
                    assertThat(g.prefixed()).isTrue();
                });
    }

    @Test
    void theIngressOnlyWritesItsThreeInputsAndTheAuditAndReadsNothing() {
        List<Grant> ingress = GRANTS.stream().filter(g -> g.who() == Party.INGRESS).toList();
        assertThat(ingress).filteredOn(g -> g.operation() == AclOperation.WRITE).extracting(Grant::name)
                .containsExactlyInAnyOrder("shop-orders", "shop-inventory-commands", "shop-events", "shop-audit");
        assertThat(ingress).extracting(Grant::operation)
                .containsOnly(AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        assertThat(ingress).extracting(Grant::type).containsOnly(ResourceType.TOPIC);
        assertThat(ingress).noneMatch(Grant::prefixed);
    }

    @Test
    void theProcessorWritesInputsOnlyToPutRecordsOnTheirKeysPartitionAndNeverEvents() {
        assertThat(GRANTS).filteredOn(g -> g.who() == Party.PROCESSOR && g.operation() == AclOperation.WRITE
                        && g.type() == ResourceType.TOPIC).extracting(Grant::name)
                .doesNotContain("shop-events", "shop-audit")
                .contains("shop-order-results", "sale-", "shop-orders", "shop-inventory-commands", "shop-order-commands");
        assertThat(GRANTS).filteredOn(g -> g.who() == Party.PROCESSOR && g.type() == ResourceType.GROUP)
                .extracting(g -> g.operation() + " " + g.name())
                .containsExactlyInAnyOrder("READ sale", "DESCRIBE sale-dlq");
    }

    @Test
    void theOperatorNeverWritesResultsOrMetrics() {
        assertThat(GRANTS).filteredOn(g -> g.who() == Party.OPERATOR && g.operation() == AclOperation.WRITE)
                .extracting(Grant::name)
                .containsExactlyInAnyOrder("shop-orders", "shop-inventory-commands", "shop-order-commands",
                        "shop-events", "sale-dlq-replay", "shop-audit");
    }
}

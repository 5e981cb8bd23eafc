package dev.surge.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.node.kafka.TopicSetup;
import dev.surge.schemas.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A node whose principal may see Surge's topics but not create topics, on a broker with an authorizer. */
class TopicSetupBehindAclsTest {

    private static final Topics TOPICS = Topics.withPrefix("");
    private static final BrokerSecurity SECURITY = new BrokerSecurity("admin",
            Map.of("admin", "admin-secret", "node", "node-secret"));

    @TempDir
    Path dataDir;

    @Test
    @Timeout(120)
    void topicsMadeBeforehandNeedNoRightToCreateAndMissingOnesSayWhatToDo() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startSecured(dataDir, SECURITY);
             Admin admin = admin(kafka, "admin");
             Admin node = admin(kafka, "node")) {
            TopicSetup.ensureTopics(admin, TopicSetup.newTopics(TOPICS, 3, (short) 1));
            admin.createAcls(TOPICS.all().stream().map(name -> new AclBinding(
                    new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL),
                    new AccessControlEntry("User:node", "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW)))
                    .toList()).all().get();
            while (admin.describeAcls(AclBindingFilter.ANY).values().get().size() < TOPICS.all().size()) {
                Thread.sleep(50);
            }

            TopicSetup.ensureTopics(node, TopicSetup.newTopics(TOPICS, 3, (short) 1));
            assertThat(TopicSetup.requireSamePartitionCount(node, List.of("orders", "inventory-commands"))).isEqualTo(3);

            assertThatThrownBy(() -> TopicSetup.ensureTopics(node, TopicSetup.newTopics(Topics.withPrefix("new-"), 3,
                    (short) 1)))
                    .hasMessageContaining("may not create it")
                    .hasMessageContaining("surge acls --apply");
        }
    }

    private static Admin admin(EmbeddedKafka kafka, String user) {
        return SecuredEmbeddedKafkaTest.admin(kafka, SECURITY.clientProps(user));
    }
}

package dev.surge.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SecuredEmbeddedKafkaTest {

    private static final BrokerSecurity SECURITY = new BrokerSecurity("admin",
            Map.of("admin", "admin-secret", "alice", "alice-secret"));

    @TempDir
    Path dataDir;

    @Test
    @Timeout(120)
    void clientsLogInAndDoOnlyWhatTheirAclsAllow() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startSecured(dataDir, SECURITY);
             Admin admin = admin(kafka, SECURITY.clientProps("admin"));
             Admin alice = admin(kafka, SECURITY.clientProps("alice"))) {
            admin.createTopics(List.of(new NewTopic("visible", 1, (short) 1), new NewTopic("hidden", 1, (short) 1)))
                    .all().get();
            AclBinding describeVisible = new AclBinding(
                    new ResourcePattern(ResourceType.TOPIC, "visible", PatternType.LITERAL),
                    new AccessControlEntry("User:alice", "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW));
            admin.createAcls(List.of(describeVisible)).all().get();
            // The controller commits an ACL before the broker applies it; the broker answers describeAcls itself.
            while (admin.describeAcls(AclBindingFilter.ANY).values().get().isEmpty()) {
                Thread.sleep(50);
            }

            assertThat(alice.describeTopics(List.of("visible")).allTopicNames().get()).containsKey("visible");
            assertThatThrownBy(() -> alice.describeTopics(List.of("hidden")).allTopicNames().get())
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicAuthorizationException.class);
            // Creating what exists already is refused too without CREATE: not "already exists".
            assertThatThrownBy(() -> alice.createTopics(List.of(new NewTopic("visible", 1, (short) 1))).all().get())
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    @Timeout(120)
    void aWrongPasswordIsRefused() throws Exception {
        Map<String, Object> wrong = new HashMap<>(SECURITY.clientProps("alice"));
        wrong.put("sasl.jaas.config", wrong.get("sasl.jaas.config").toString().replace("alice-secret", "guess"));
        try (EmbeddedKafka kafka = EmbeddedKafka.startSecured(dataDir, SECURITY);
             Admin guesser = admin(kafka, wrong)) {
            assertThatThrownBy(() -> guesser.listTopics().names().get())
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class);
        }
    }

    /** An admin client of one of {@code security}'s users. */
    static Admin admin(EmbeddedKafka kafka, Map<String, Object> credentials) {
        Map<String, Object> props = new HashMap<>(credentials);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(props);
    }
}

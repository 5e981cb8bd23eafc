package dev.surge.node.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicSetupTest {

    private static final Topics TOPICS = Topics.withPrefix("p.");

    @Test
    void theAuditTopicIsCreatedWithTheOthersDeletingAfterAYearNeverCompacting() {
        List<NewTopic> topics = TopicSetup.newTopics(TOPICS, 3, (short) 1);

        assertThat(topics).extracting(NewTopic::name).contains("p.audit", "p.orders");
        Map<String, String> audit = topics.stream().filter(t -> t.name().equals("p.audit")).findFirst().orElseThrow()
                .configs();
        assertThat(audit).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(Duration.ofDays(365).toMillis()));
        assertThat(TOPICS.compacted()).doesNotContain("p.audit");
    }
}

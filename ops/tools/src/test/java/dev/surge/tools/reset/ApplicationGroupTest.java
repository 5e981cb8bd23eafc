package dev.surge.tools.reset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.GroupType;
import org.junit.jupiter.api.Test;

class ApplicationGroupTest {

    @Test
    void aGroupWithMembersIsRefusedNamingEveryMemberByHost() {
        ApplicationGroup group = new ApplicationGroup("surge", Optional.of(GroupType.CLASSIC), "Stable", List.of(
                new ApplicationGroup.Member("surge-b-StreamThread-2-consumer", "/10.0.0.6"),
                new ApplicationGroup.Member("surge-a-StreamThread-1-consumer", "/10.0.0.5"),
                new ApplicationGroup.Member("surge-b-StreamThread-1-consumer", "/10.0.0.6")));

        assertThat(group.refusal()).hasValueSatisfying(text -> assertThat(text)
                .startsWith("refusing: processors are running: surge has 3 active member(s) on 2 host(s):\n")
                .contains("  10.0.0.5: surge-a-StreamThread-1-consumer\n")
                .contains("  10.0.0.6: surge-b-StreamThread-1-consumer, surge-b-StreamThread-2-consumer\n")
                .contains("Stop every processor").contains("session.timeout.ms, 45 s"));
        assertThat(group.describe()).isEqualTo("consumer group surge (classic protocol, Stable)");
    }

    @Test
    void anEmptyOrAbsentGroupIsNotRefused() {
        assertThat(new ApplicationGroup("surge", Optional.of(GroupType.STREAMS), "Empty", List.of()).refusal()).isEmpty();
        ApplicationGroup absent = ApplicationGroup.absent("surge");
        assertThat(absent.refusal()).isEmpty();
        assertThat(absent.exists()).isFalse();
        assertThat(absent.describe()).isEqualTo("consumer group surge: none (nothing committed yet)");
        assertThat(new ApplicationGroup("surge", Optional.of(GroupType.STREAMS), "Empty", List.of()).streamsProtocol())
                .isTrue();
    }
}

package dev.surge.query.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PositionsTest {

    @Test
    void anIdNamesThePositionOfEveryPartitionAndReadsBack() {
        Positions positions = Positions.of(Map.of(3, 877L, 0, 1042L));
        assertThat(positions.id()).isEqualTo("0:1042,3:877");
        assertThat(Positions.parse(positions.id(), 6)).contains(positions);
    }

    @Test
    void aRecordIsPassedWhenItLiesBeforeThePositionOfItsPartition() {
        Positions positions = Positions.of(Map.of(0, 10L));
        assertThat(positions.passed(0, 9)).isTrue();
        assertThat(positions.passed(0, 10)).isFalse();
        assertThat(positions.passed(1, 0)).as("a partition the stream does not follow").isFalse();

        Positions moved = positions.after(0, 14);
        assertThat(moved.passed(0, 14)).isTrue();
        assertThat(moved.id()).isEqualTo("0:15");
        assertThat(positions.id()).as("unchanged").isEqualTo("0:10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "1", "1:", ":5", "1:x", "-1:5", "1:-5", "1:5,1:6", "1:5,,2:3",
            "1:5,2:6,3:7", "99999999999:1"})
    void anIdItDidNotWriteIsNoPosition(String id) {
        assertThat(Positions.parse(id, 2)).isEqualTo(Optional.empty());
    }
}

package dev.surge.tools.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.tools.dlq.DlqOptions.Action;
import dev.surge.schemas.DlqRecord.Reason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DlqOptionsTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private static DlqOptions parse(String... args) {
        return DlqOptions.parse(List.of(args), NOW);
    }

    @Test
    void listTakesOnlyATopic() {
        DlqOptions list = parse("list");
        assertThat(list.action()).isEqualTo(Action.LIST);
        assertThat(list.topic()).isEmpty();
        assertThat(list.filter().isEmpty()).isTrue();
        assertThat(parse("list", "--topic", "events-dlq").topic()).contains("events-dlq");
        assertThatThrownBy(() -> parse("list", "--reason", "LATE"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option '--reason'");
    }

    @Test
    void showTakesFiltersALimitAndAll() {
        DlqOptions show = parse("show", "--topic=orders-dlq", "--reason", "wrong_partition", "--since", "1h",
                "--correlation-id", "trace-1", "--limit=5", "--all");
        assertThat(show.action()).isEqualTo(Action.SHOW);
        assertThat(show.topic()).contains("orders-dlq");
        assertThat(show.filter().reason()).contains(Reason.WRONG_PARTITION);
        assertThat(show.filter().since()).contains(Instant.parse("2026-11-21T11:00:00Z"));
        assertThat(show.filter().correlationId()).contains("trace-1");
        assertThat(show.limit()).isEqualTo(5);
        assertThat(show.all()).isTrue();
        assertThat(parse("show").limit()).isEqualTo(DlqOptions.DEFAULT_LIMIT);
    }

    @Test
    void replayTakesFiltersAndDryRunButNoLimit() {
        DlqOptions replay = parse("replay", "--since", "2026-11-21T10:00:00Z", "--dry-run");
        assertThat(replay.action()).isEqualTo(Action.REPLAY);
        assertThat(replay.dryRun()).isTrue();
        assertThat(replay.filter().since()).contains(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(parse("replay", "--all").dryRun()).isFalse();
        assertThatThrownBy(() -> parse("replay", "--all", "--limit", "3"))
                .hasMessageContaining("unknown option '--limit'");
        assertThatThrownBy(() -> parse("show", "--dry-run")).hasMessageContaining("unknown option '--dry-run'");
    }

    @Test
    void replayNeedsAFilterOrAllToSayWhichRecords() {
        assertThatThrownBy(() -> parse("replay")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("which records? give --reason, --since or --correlation-id, or --all for every pending"
                        + " record");
        assertThatThrownBy(() -> parse("replay", "--dry-run")).hasMessageContaining("which records?");
        assertThatThrownBy(() -> parse("replay", "--topic", "orders-dlq", "--yes")).hasMessageContaining("which records?");

        DlqOptions all = parse("replay", "--all");
        assertThat(all.all()).isTrue();
        assertThat(all.filter().isEmpty()).isTrue();
        assertThat(all.yes()).isFalse();
        assertThat(parse("replay", "--reason", "LATE", "--yes").yes()).isTrue();
        assertThatThrownBy(() -> parse("replay", "--all", "--reason", "LATE"))
                .hasMessage("--all means every pending record: give it or a filter (reason LATE), not both");
    }

    @Test
    void badValuesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> parse("show", "--topic", "orders"))
                .hasMessageContaining("--topic 'orders' is not a DLQ topic");
        assertThatThrownBy(() -> parse("show", "--reason", "BAD")).hasMessageContaining("INVALID_JSON");
        assertThatThrownBy(() -> parse("show", "--since", "yesterday")).hasMessageContaining("--since 'yesterday'");
        assertThatThrownBy(() -> parse("show", "--limit", "0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> parse("show", "--limit", "many")).hasMessageContaining("positive");
        assertThatThrownBy(() -> parse("show", "--reason")).hasMessageContaining("--reason needs a value");
        assertThatThrownBy(() -> parse("show", "--reason", "--all")).hasMessageContaining("--reason needs a value");
        assertThatThrownBy(() -> parse("show", "--all=yes")).hasMessageContaining("--all takes no value");
    }

    @Test
    void anActionIsRequired() {
        assertThatThrownBy(() -> parse()).hasMessageContaining("which action");
        assertThatThrownBy(() -> parse("purge")).hasMessageContaining("unknown dlq action 'purge'");
    }
}

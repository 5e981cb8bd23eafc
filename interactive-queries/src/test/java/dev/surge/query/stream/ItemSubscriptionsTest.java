package dev.surge.query.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.schemas.InventoryLevel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemSubscriptionsTest {

    private final ItemSubscriptions subscriptions = new ItemSubscriptions();

    @Test
    void aChangeReachesTheStreamsOfItsItemOnly() throws Exception {
        Mailbox<Change> ab = new Mailbox<>(8);
        Mailbox<Change> b = new Mailbox<>(8);
        subscriptions.add(List.of("a", "b"), ab);
        subscriptions.add(List.of("b"), b);

        subscriptions.deliver(change("a", 1));
        subscriptions.deliver(change("b", 2));
        subscriptions.deliver(change("c", 3));

        assertThat(subscriptions.wanted("c")).isFalse();
        assertThat(drain(ab)).containsExactly(change("a", 1), change("b", 2));
        assertThat(drain(b)).containsExactly(change("b", 2));
    }

    @Test
    void aRemovedStreamGetsNothingAndItsItemsAreForgotten() throws Exception {
        Mailbox<Change> mailbox = new Mailbox<>(8);
        subscriptions.add(List.of("a", "b"), mailbox);
        subscriptions.remove(List.of("a", "b"), mailbox);

        subscriptions.deliver(change("a", 1));

        assertThat(drain(mailbox)).isEmpty();
        assertThat(subscriptions.items()).as("no entry is left behind for an item nobody follows").isZero();
    }

    @Test
    void aStreamThatFallsBehindIsEndedAndTheOthersGoOn() throws Exception {
        Mailbox<Change> slow = new Mailbox<>(2);
        Mailbox<Change> quick = new Mailbox<>(8);
        subscriptions.add(List.of("a"), slow);
        subscriptions.add(List.of("a"), quick);

        for (int offset = 0; offset < 5; offset++) {
            subscriptions.deliver(change("a", offset));
        }

        assertThat(slow.next(Duration.ZERO)).isEqualTo(new Mailbox.Ended<>(EndReason.TOO_SLOW));
        assertThat(drain(quick)).hasSize(5);
    }

    private static Change change(String item, long offset) {
        return new Change(item, 0, offset, new InventoryLevel(item, 10 - offset, offset, 10, null));
    }

    private static List<Change> drain(Mailbox<Change> mailbox) throws InterruptedException {
        List<Change> changes = new java.util.ArrayList<>();
        while (mailbox.next(Duration.ZERO) instanceof Mailbox.Item<Change> item) {
            changes.add(item.value());
        }
        return changes;
    }
}

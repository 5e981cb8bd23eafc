package dev.surge.query.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MailboxTest {

    @Test
    void handsOutItemsInOrderThenQuietWhenNothingCame() throws Exception {
        Mailbox<String> mailbox = new Mailbox<>(4);
        assertThat(mailbox.offer("a")).isTrue();
        assertThat(mailbox.offer("b")).isTrue();
        assertThat(mailbox.next(Duration.ZERO)).isEqualTo(new Mailbox.Item<>("a"));
        assertThat(mailbox.next(Duration.ZERO)).isEqualTo(new Mailbox.Item<>("b"));
        assertThat(mailbox.next(Duration.ofMillis(20))).isEqualTo(new Mailbox.Quiet<>());
    }

    @Test
    void aFullQueueEndsTheStreamAsTooSlowInsteadOfGrowing() throws Exception {
        Mailbox<Integer> mailbox = new Mailbox<>(3);
        for (int i = 0; i < 3; i++) {
            assertThat(mailbox.offer(i)).isTrue();
        }
        assertThat(mailbox.offer(3)).isFalse();
        assertThat(mailbox.queued()).as("three items and the end's wake-up").isEqualTo(4);
        assertThat(mailbox.offer(4)).as("nothing is queued once ended").isFalse();
        assertThat(mailbox.queued()).isEqualTo(4);
        assertThat(mailbox.next(Duration.ZERO)).as("the end overtakes what is queued")
                .isEqualTo(new Mailbox.Ended<>(EndReason.TOO_SLOW));
    }

    @Test
    void anEndWakesAReaderAtOnceAndTheFirstReasonStays() throws Exception {
        Mailbox<String> mailbox = new Mailbox<>(4);
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            mailbox.end(EndReason.SHUTTING_DOWN);
            mailbox.end(EndReason.UNAVAILABLE);
        });
        long start = System.nanoTime();
        assertThat(mailbox.next(Duration.ofSeconds(30))).isEqualTo(new Mailbox.Ended<>(EndReason.SHUTTING_DOWN));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(mailbox.ended()).isTrue();
    }
}

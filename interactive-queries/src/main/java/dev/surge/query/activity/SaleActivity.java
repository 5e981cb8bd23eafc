package dev.surge.query.activity;

import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.OrderStatus;
import dev.surge.schemas.Topics;
import dev.surge.topology.ProcessingOutcomes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.IntCountsHistogram;

/**
 * This instance's last minute of orders, second by second, for the live console ({@code GET
 * /v1/activity}): first results by status, moves of open orders, dead letters by source topic and
 * reason, and accept → decision latencies.
 *
 * <p>The topology tells it of every order on its stream threads, so a call is one clock read and
 * one short lock of the current second's slot: a few array increments and, for a decision, one
 * histogram record. Readers ask only for finished seconds, so they do not wait on the slot being
 * written. Memory is fixed: {@value #SLOTS} slots, each with counters bounded by the enums and the
 * topics, and a histogram of fixed size (about 8 KiB).
 */
public final class SaleActivity implements ProcessingOutcomes {

    /** How far back the window reaches: the seconds a console's chart shows. */
    public static final int WINDOW_SECONDS = 60;
    /** The window's seconds and the one being written, which the window leaves out: it is not over yet. */
    static final int SLOTS = WINDOW_SECONDS + 1;
    /** Where a dead letter from a topic none of Surge's counts: not expected, but counted all the same. */
    static final String OTHER_TOPIC = "(other)";

    private static final OrderStatus[] STATUSES = OrderStatus.values();
    private static final DlqRecord.Reason[] REASONS = DlqRecord.Reason.values();

    private final InstantSource clock;
    /** The topics whose dead letters are told apart; one more index counts any other. */
    private final List<String> sourceTopics;
    private final Slot[] slots = new Slot[SLOTS];

    /** Dead letters are labelled with the topics' configured names, as the DLQ meters are. */
    public SaleActivity(Topics topics, InstantSource clock) {
        this(List.of(topics.orders().name(), topics.inventoryCommands().name(), topics.orderCommands().name(),
                topics.orderResults().name(), topics.events().name()), clock);
    }

    SaleActivity(List<String> sourceTopics, InstantSource clock) {
        this.clock = clock;
        this.sourceTopics = List.copyOf(sourceTopics);
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new Slot(this.sourceTopics.size() + 1);
        }
    }

    @Override
    public void orderDecided(OrderStatus status, Duration sinceAccepted) {
        // A clock step between the producer and this host can make it negative: that is no latency.
        long millis = Math.clamp(sinceAccepted.toMillis(), 0, ActivityWindow.HIGHEST_MILLIS);
        long second = now();
        Slot slot = slotOf(second);
        synchronized (slot) {
            if (slot.claim(second)) {
                slot.results[status.ordinal()]++;
                slot.latency.recordValue(millis);
            }
        }
    }

    @Override
    public void orderMoved(OrderStatus from, OrderStatus to) {
        long second = now();
        Slot slot = slotOf(second);
        synchronized (slot) {
            if (slot.claim(second)) {
                slot.moves[from.ordinal() * STATUSES.length + to.ordinal()]++;
            }
        }
    }

    @Override
    public void deadLettered(String sourceTopic, DlqRecord.Reason reason) {
        int topic = sourceTopics.indexOf(sourceTopic);
        int index = (topic < 0 ? sourceTopics.size() : topic) * REASONS.length + reason.ordinal();
        long second = now();
        Slot slot = slotOf(second);
        synchronized (slot) {
            if (slot.claim(second)) {
                slot.deadLetters[index]++;
            }
        }
    }

    /**
     * The {@value #WINDOW_SECONDS} whole seconds before the current one (which is left out: a
     * second still being counted would show as a dip at the end of every chart).
     */
    public ActivityWindow lastMinute() {
        long until = now();
        ActivityWindow window = new ActivityWindow(Instant.ofEpochSecond(until));
        List<String> topics = new ArrayList<>(sourceTopics);
        topics.add(OTHER_TOPIC);
        for (long second = until - WINDOW_SECONDS; second < until; second++) {
            Slot slot = slotOf(second);
            synchronized (slot) {
                if (slot.second == second) {
                    window.addSecond(second, slot.results, slot.moves, slot.deadLetters, topics, slot.latency);
                }
            }
        }
        return window;
    }

    /** What the slots hold, in bytes: the same however many seconds and orders have gone by. */
    long footprintBytes() {
        long bytes = 0;
        for (Slot slot : slots) {
            synchronized (slot) {
                bytes += slot.latency.getEstimatedFootprintInBytes()
                        + 8L * (slot.results.length + slot.moves.length + slot.deadLetters.length);
            }
        }
        return bytes;
    }

    private long now() {
        return Math.floorDiv(clock.millis(), 1000);
    }

    private Slot slotOf(long second) {
        return slots[(int) Math.floorMod(second, SLOTS)];
    }

    /** One second's counts; guarded by its own monitor. */
    private static final class Slot {

        private final long[] results = new long[STATUSES.length];
        /** By status before × status after: any move an open order makes has its counter. */
        private final long[] moves = new long[STATUSES.length * STATUSES.length];
        /** By source topic × reason. */
        private final long[] deadLetters;
        /** Int counts: one instance decides far fewer than 2^31 orders in one second. */
        private final IntCountsHistogram latency =
                new IntCountsHistogram(ActivityWindow.HIGHEST_MILLIS, ActivityWindow.SIGNIFICANT_DIGITS);
        private long second = Long.MIN_VALUE;

        Slot(int topics) {
            this.deadLetters = new long[topics * REASONS.length];
        }

        /**
         * Makes this slot count {@code second}, forgetting the second it counted a lap ago. False
         * when it already counts a later second: a thread that read the clock long ago (or a clock
         * stepped back by more than the ring) tells of a second that is gone, and it is dropped.
         */
        boolean claim(long second) {
            if (second == this.second) {
                return true;
            }
            if (second < this.second) {
                return false;
            }
            this.second = second;
            Arrays.fill(results, 0);
            Arrays.fill(moves, 0);
            Arrays.fill(deadLetters, 0);
            latency.reset();
            return true;
        }
    }
}

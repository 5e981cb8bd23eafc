package dev.surge.config;

import java.time.Duration;

/**
 * The reads a processor holds open: live streams (Server-Sent Events), how many may be open and how
 * often an idle one shows it is alive; and long polls ({@code ?wait}), how many may wait at once.
 *
 * @param maxStreams       open streams this instance serves at most, whoever holds them
 * @param maxStreamsPerKey open streams one API key (or, without keys, one client address) may hold on this instance
 * @param heartbeat        how long a stream stays silent before a comment line keeps it (and proxies) awake;
 *                         also how soon a client that went away without a word is noticed
 * @param maxWaits         long polls this instance holds at once (HTTP_MAX_WAITS)
 * @param maxWaitsPerKey   long polls one API key (or client address) may hold at once (HTTP_MAX_WAITS_PER_KEY)
 */
public record SseSettings(int maxStreams, int maxStreamsPerKey, Duration heartbeat, int maxWaits, int maxWaitsPerKey) {

    public SseSettings(int maxStreams, int maxStreamsPerKey, Duration heartbeat) {
        this(maxStreams, maxStreamsPerKey, heartbeat, 1000, 50);
    }
}

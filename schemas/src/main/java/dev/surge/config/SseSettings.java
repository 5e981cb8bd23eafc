package dev.surge.config;

import java.time.Duration;

/**
 * The live streams (Server-Sent Events) of a processor: how many may be open, and how often an
 * idle one shows it is alive.
 *
 * @param maxStreams       open streams this instance serves at most, whoever holds them
 * @param maxStreamsPerKey open streams one API key (or, without keys, one client address) may hold on this instance
 * @param heartbeat        how long a stream stays silent before a comment line keeps it (and proxies) awake;
 *                         also how soon a client that went away without a word is noticed
 */
public record SseSettings(int maxStreams, int maxStreamsPerKey, Duration heartbeat) {
}

package dev.panoptes.wire.loki;

import dev.panoptes.core.labels.Labels;

/**
 * Receives a decoded push request stream by stream: {@link #stream} once, then its entries, in
 * the order they were sent (which need not be time order).
 *
 * <p>Called from one thread per request.
 */
public interface LokiPushSink {

    /** Starts a stream with valid, sorted labels; the {@link #entry} calls that follow belong to it. */
    void stream(Labels labels);

    /**
     * One entry of the current stream.
     *
     * @param timestampNanos nanoseconds since the Unix epoch
     * @param structuredMetadata the entry's structured metadata, empty when it has none
     */
    void entry(long timestampNanos, String line, Labels structuredMetadata);

    /**
     * A stream whose labels are invalid: its {@code entries} entries are dropped, the rest of the
     * request goes on. {@code reason} is the message for the client.
     */
    void rejectStream(String reason, int entries, long lineBytes);
}

package dev.panoptes.wire.loki;

/**
 * A push body that cannot be read at all (malformed protobuf or JSON): nothing of the request is
 * stored. The message names what is wrong and where. Per-stream problems such as invalid labels
 * are not thrown but reported to {@link LokiPushSink#rejectStream}, so that the other streams of
 * the request are kept.
 */
public final class LokiPushFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public LokiPushFormatException(String message) {
        super(message);
    }
}

package dev.panoptes.wire.remotewrite;

import dev.panoptes.wire.proto.ProtoFormatException;

/**
 * A remote write request that must not be retried: malformed protobuf or invalid series. The
 * message names what is wrong so that the sender's log says it.
 */
public final class RemoteWriteFormatException extends ProtoFormatException {

    private static final long serialVersionUID = 1L;

    public RemoteWriteFormatException(String message) {
        super(message);
    }
}

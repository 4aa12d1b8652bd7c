package dev.panoptes.wire.proto;

/**
 * Bytes that are not the protobuf message a decoder expects: a truncated field, a wrong wire
 * type, invalid UTF-8. The message names what is wrong and the byte offset, so that the sender's
 * log says it. Each decoder's own error type extends this one.
 */
public class ProtoFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProtoFormatException(String message) {
        super(message);
    }
}

package dev.panoptes.wire.proto;

/**
 * Bytes that are not the protobuf message they should be: truncated, of the wrong wire type, or
 * with invalid UTF-8. The message names what is wrong and where. Formats built on protobuf
 * extend it with their own kinds of invalid content.
 */
public class ProtoFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProtoFormatException(String message) {
        super(message);
    }
}

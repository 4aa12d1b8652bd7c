package dev.panoptes.core.codec;

/**
 * Bytes that do not decode: truncated, out of range, or failing a checksum. Stores catch it to
 * skip or cut what is damaged and report it, instead of failing as a whole.
 */
public final class CorruptDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CorruptDataException(String message) {
        super(message);
    }

    public CorruptDataException(String message, Throwable cause) {
        super(message, cause);
    }
}

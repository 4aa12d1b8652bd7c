package dev.panoptes.metrics.storage;

/** Stored data could not be read or written: a failed disk, a corrupt chunk the checks missed. */
public final class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}

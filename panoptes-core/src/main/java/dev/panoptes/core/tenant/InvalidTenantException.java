package dev.panoptes.core.tenant;

/** Thrown when a request names no tenant where one is required, or an invalid one. */
public final class InvalidTenantException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidTenantException(String message) {
        super(message);
    }
}

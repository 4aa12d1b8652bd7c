package dev.panoptes.wire.http;

/**
 * A request body that cannot be used, with the HTTP status that says why (400 corrupt, 413 too
 * large, 415 unknown encoding) and a message for the client. Stack-less: it is an answer, not a
 * fault of the server.
 */
public final class BodyRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    public BodyRejectedException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The HTTP status code to answer with. */
    public int status() {
        return status;
    }
}

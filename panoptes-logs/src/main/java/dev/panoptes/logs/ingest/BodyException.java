package dev.panoptes.logs.ingest;

import com.linecorp.armeria.common.HttpStatus;

/** A request body that cannot be used, with the HTTP status that says why and a message for the client. */
final class BodyException extends Exception {

    private static final long serialVersionUID = 1L;

    final transient HttpStatus status;

    BodyException(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}

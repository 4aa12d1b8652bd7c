package dev.panoptes.logs.api;

import com.linecorp.armeria.common.HttpStatus;

/** A request the API refuses: the status and the plain-text message Loki would answer with. */
final class LokiApiException extends Exception {

    private static final long serialVersionUID = 1L;

    final transient HttpStatus status;

    LokiApiException(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static LokiApiException badRequest(String message) {
        return new LokiApiException(HttpStatus.BAD_REQUEST, message);
    }
}

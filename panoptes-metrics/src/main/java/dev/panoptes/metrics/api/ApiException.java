package dev.panoptes.metrics.api;

/**
 * A request the API answers with an error object: the type decides the status code, the message
 * is what the client reads. Stack-less: it is control flow at the edge, not a bug report.
 */
final class ApiException extends RuntimeException {

    private final ApiErrorType type;

    ApiException(ApiErrorType type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    /** Prometheus' wording for a parameter that does not parse: {@code invalid parameter "step": ...}. */
    static ApiException invalidParameter(String name, String problem) {
        return new ApiException(ApiErrorType.BAD_DATA, "invalid parameter \"" + name + "\": " + problem);
    }

    static ApiException badData(String message) {
        return new ApiException(ApiErrorType.BAD_DATA, message);
    }

    ApiErrorType type() {
        return type;
    }
}

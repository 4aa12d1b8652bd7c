package dev.panoptes.metrics.api;

/** The {@code errorType} values of the Prometheus API, each with the HTTP status Prometheus answers it with. */
enum ApiErrorType {
    BAD_DATA("bad_data", 400),
    EXECUTION("execution", 422),
    /** 499 is the status Prometheus uses for a client that closed the connection. */
    CANCELED("canceled", 499),
    TIMEOUT("timeout", 503),
    /** Refused for load (the tenant's query queue is full) or because the endpoint is disabled. */
    UNAVAILABLE("unavailable", 503),
    NOT_FOUND("not_found", 404),
    INTERNAL("internal", 500);

    private final String apiName;
    private final int status;

    ApiErrorType(String apiName, int status) {
        this.apiName = apiName;
        this.status = status;
    }

    String apiName() {
        return apiName;
    }

    int status() {
        return status;
    }
}

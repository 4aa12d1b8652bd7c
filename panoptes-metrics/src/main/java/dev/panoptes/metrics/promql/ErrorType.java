package dev.panoptes.metrics.promql;

import java.util.Locale;

/** Why a query failed, in the words of the Prometheus HTTP API's {@code errorType} field. */
public enum ErrorType {
    /** The query or a parameter is invalid (HTTP 400). */
    BAD_DATA,
    /** Evaluation failed, including when a sample or series budget is exhausted (HTTP 422). */
    EXECUTION,
    /** The query ran past its timeout (HTTP 503). */
    TIMEOUT,
    /** The query was cancelled, for example because the client went away (HTTP 499, as in Prometheus 3). */
    CANCELED,
    /** Storage could not be read (HTTP 500). */
    INTERNAL;

    /** The value of the API's {@code errorType} field. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

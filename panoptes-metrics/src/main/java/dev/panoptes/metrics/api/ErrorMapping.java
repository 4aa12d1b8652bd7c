package dev.panoptes.metrics.api;

import dev.panoptes.metrics.promql.QueryException;
import dev.panoptes.metrics.promql.parser.ParseException;
import dev.panoptes.metrics.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become API errors: engine errors keep their type, parse errors
 * are bad data on the parameter that held the query, storage failures are internal, and anything
 * else is logged with its stack and answered as internal without the stack.
 */
final class ErrorMapping {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    /**
     * The API error for {@code failure}, raised while serving a request whose PromQL came in
     * parameter {@code queryParameter} (null for endpoints without one).
     */
    static ApiException toApi(Throwable failure, String queryParameter) {
        return switch (failure) {
            case ApiException api -> api;
            case ParseException parse -> queryParameter == null
                    ? ApiException.badData(parse.getMessage())
                    : ApiException.invalidParameter(queryParameter, parse.getMessage());
            case QueryException query -> fromEngine(query, queryParameter);
            case StorageException storage -> {
                LOG.error("Reading storage failed", storage);
                yield new ApiException(ApiErrorType.INTERNAL, "error reading from storage: " + storage.getMessage());
            }
            case StackOverflowError overflow -> new ApiException(ApiErrorType.EXECUTION, "query is too deeply nested to evaluate");
            default -> {
                LOG.error("Unexpected failure serving an API request", failure);
                yield new ApiException(ApiErrorType.INTERNAL, "internal error: " + failure);
            }
        };
    }

    private static ApiException fromEngine(QueryException e, String queryParameter) {
        return switch (e.type()) {
            // The engine's bad data is about the expression (a range vector asked for a range query).
            case BAD_DATA -> queryParameter == null ? ApiException.badData(e.getMessage())
                    : ApiException.invalidParameter(queryParameter, e.getMessage());
            case EXECUTION -> new ApiException(ApiErrorType.EXECUTION, e.getMessage());
            case TIMEOUT -> new ApiException(ApiErrorType.TIMEOUT, e.getMessage());
            case CANCELED -> new ApiException(ApiErrorType.CANCELED, e.getMessage());
            case INTERNAL -> new ApiException(ApiErrorType.INTERNAL, e.getMessage());
        };
    }
}

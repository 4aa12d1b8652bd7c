package dev.panoptes.metrics.promql;

import dev.panoptes.metrics.promql.parser.ParsedQuery;
import dev.panoptes.metrics.promql.parser.Parser;
import dev.panoptes.metrics.storage.Queryable;

/**
 * Evaluates PromQL over any {@link Queryable}, with Prometheus' semantics: lookback and
 * staleness for instant selectors, left-open range windows, counter-reset handling and
 * extrapolation, vector matching, and annotations. Thread-safe: one engine serves every query;
 * each evaluation opens its own querier and closes it before returning.
 *
 * <p>A query stops with {@link ErrorType#CANCELED} when its thread is interrupted (the HTTP API
 * interrupts it when the client goes away) and with {@link ErrorType#TIMEOUT} past the timeout.
 *
 * <p>With {@link EngineSettings#parallelism} above 1, the series of a large selection (an instant
 * selector, or a range selector under a range function such as {@code rate}) are read and
 * evaluated on the query's thread and helpers of a shared pool at once; the answer, its
 * annotations, statistics and failures are those of the serial evaluation, and no helper works
 * for a query once it has returned or failed.
 */
public final class PromqlEngine {

    private final EngineSettings settings;

    public PromqlEngine(EngineSettings settings) {
        this.settings = settings;
    }

    public EngineSettings settings() {
        return settings;
    }

    /**
     * Evaluates {@code query} at one instant (milliseconds).
     *
     * @throws dev.panoptes.metrics.promql.parser.ParseException when the query does not parse
     * @throws QueryException when evaluation fails
     */
    public QueryResult instantQuery(Queryable storage, String query, long timeMillis) {
        ParsedQuery parsed = Parser.parseWithPositions(query);
        return new Evaluation(settings, storage, query, timeMillis, timeMillis, 0).run(parsed.expr(), parsed.positions());
    }

    /**
     * Evaluates {@code query} at every step from {@code startMillis} to {@code endMillis}
     * (inclusive); the result is always a {@link Matrix} sorted by labels.
     *
     * @throws dev.panoptes.metrics.promql.parser.ParseException when the query does not parse
     * @throws QueryException when the range is invalid or evaluation fails
     */
    public QueryResult rangeQuery(Queryable storage, String query, long startMillis, long endMillis, long stepMillis) {
        if (stepMillis <= 0) {
            throw new QueryException(ErrorType.BAD_DATA,
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if (endMillis < startMillis) {
            throw new QueryException(ErrorType.BAD_DATA, "end timestamp must not be before start time");
        }
        // Prometheus' condition and wording: the number of steps after the first, not the points.
        if ((endMillis - startMillis) / stepMillis > settings.maxPoints()) {
            throw new QueryException(ErrorType.BAD_DATA, String.format(java.util.Locale.ROOT,
                    "exceeded maximum resolution of %,d points per timeseries. Try decreasing the query resolution (?step=XX)", settings.maxPoints()));
        }
        ParsedQuery parsed = Parser.parseWithPositions(query);
        return new Evaluation(settings, storage, query, startMillis, endMillis, stepMillis).run(parsed.expr(), parsed.positions());
    }
}

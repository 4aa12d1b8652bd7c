package dev.panoptes.metrics.promql;

import dev.panoptes.metrics.promql.parser.Expr;
import dev.panoptes.metrics.storage.Queryable;

/** One query's evaluation state. Not thread-safe; one per query. */
final class Evaluation {

    private final EngineSettings settings;
    private final Queryable storage;
    private final String query;
    private final long start;
    private final long end;
    private final long step;

    Evaluation(EngineSettings settings, Queryable storage, String query, long start, long end, long step) {
        this.settings = settings;
        this.storage = storage;
        this.query = query;
        this.start = start;
        this.end = end;
        this.step = step;
    }

    QueryResult run(Expr expr) {
        throw new QueryException(ErrorType.EXECUTION, "evaluation is not built yet");
    }
}

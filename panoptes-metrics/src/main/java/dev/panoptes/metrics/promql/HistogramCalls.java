package dev.panoptes.metrics.promql;

import dev.panoptes.metrics.promql.parser.Expr;
import java.util.List;

/**
 * The histogram functions that need more than a field of a sample: {@code histogram_quantile}
 * over classic buckets and native histograms, {@code histogram_fraction}, {@code
 * histogram_stddev} and {@code histogram_stdvar}.
 */
final class HistogramCalls {

    private HistogramCalls() {
    }

    static List<StepSample> apply(Evaluation ev, Expr.Call call, List<List<StepSample>> args, long ts) {
        throw new QueryException(ErrorType.EXECUTION, "function " + call.function().name() + " is not supported");
    }
}

package dev.panoptes.metrics.promql;

import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.metrics.promql.parser.BinaryOp;
import dev.panoptes.metrics.promql.parser.Expr;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The selectors whose histograms are only ever read for their count and sum: those under
 * {@code histogram_count}, {@code histogram_sum} or {@code histogram_avg} with no subquery,
 * quantile, fraction or trim operator in between. Prometheus reads such histograms without
 * their buckets and, instead of the stored "unknown" counter-reset hint, states whether each
 * follows a reset of the one before; aggregations then warn about colliding hints exactly as
 * there. This class finds those selectors and rewrites their samples the same way.
 */
final class HistogramStatsSelectors {

    private HistogramStatsSelectors() {
    }

    static Set<Expr> find(Expr root) {
        Set<Expr> found = Collections.newSetFromMap(new IdentityHashMap<>());
        walk(root, false, found);
        return found;
    }

    private static void walk(Expr e, boolean statsOnly, Set<Expr> found) {
        switch (e) {
            case Expr.VectorSelector vs -> {
                if (statsOnly) {
                    found.add(vs);
                }
            }
            case Expr.MatrixSelector ms -> walk(ms.selector(), statsOnly, found);
            case Expr.Subquery sq -> walk(sq.expr(), false, found);
            case Expr.Paren p -> walk(p.expr(), statsOnly, found);
            case Expr.Unary u -> walk(u.expr(), statsOnly, found);
            case Expr.Binary b -> {
                boolean trim = b.op() == BinaryOp.TRIM_UPPER || b.op() == BinaryOp.TRIM_LOWER;
                walk(b.lhs(), statsOnly && !trim, found);
                walk(b.rhs(), statsOnly && !trim, found);
            }
            case Expr.Aggregate a -> {
                walk(a.expr(), statsOnly, found);
                if (a.param() != null) {
                    walk(a.param(), statsOnly, found);
                }
            }
            case Expr.Call c -> {
                String name = c.function().name();
                boolean inner = switch (name) {
                    case "histogram_count", "histogram_sum", "histogram_avg" -> true;
                    case "histogram_quantile", "histogram_quantiles", "histogram_fraction" -> false;
                    default -> statsOnly;
                };
                for (Expr arg : c.args()) {
                    walk(arg, inner, found);
                }
            }
            default -> {
            }
        }
    }

    /**
     * Replaces each histogram of {@code raw} (read in time order) by its count and sum, with the
     * counter-reset hint stated against the sample before it when the stored one is unknown.
     */
    static void toStats(EvalSeries raw) {
        FloatHistogram last = null;
        for (int i = 0; i < raw.histogramCount; i++) {
            FloatHistogram h = raw.histograms[i];
            if (Evaluation.isStale(h)) {
                continue;
            }
            CounterResetHint hint = h.counterResetHint();
            if (hint == CounterResetHint.UNKNOWN && last != null) {
                hint = h.detectReset(last) ? CounterResetHint.COUNTER_RESET : CounterResetHint.NOT_COUNTER_RESET;
            }
            last = h;
            raw.histograms[i] = new FloatHistogram().schema(h.schema()).count(h.count()).sum(h.sum())
                    .customValues(h.customValues().clone()).counterResetHint(hint);
        }
    }
}

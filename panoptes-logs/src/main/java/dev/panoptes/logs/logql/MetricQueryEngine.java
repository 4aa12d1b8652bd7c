package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.logs.store.LogReader;
import dev.panoptes.logs.store.ReadCheck;
import dev.panoptes.metrics.promql.QueryException;
import dev.panoptes.metrics.promql.StepSeries;
import dev.panoptes.metrics.promql.VectorOperations;
import dev.panoptes.metrics.promql.parser.AggregateOp;
import dev.panoptes.metrics.promql.parser.BinaryOp;
import dev.panoptes.metrics.promql.parser.VectorMatching;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs metric queries: range aggregations turn log lines into series
 * ({@link RangeAggregationEvaluator}); everything above them (vector aggregations, binary operators,
 * {@code label_replace}, {@code vector()}, numbers) is evaluated by the PromQL engine's operators
 * through {@link VectorOperations}, so that both languages share one implementation of Prometheus'
 * semantics.
 *
 * <p>Evaluation is at the steps {@code start, start + step, ..., end} (nanoseconds, both ends
 * included); an instant query is one step. Stateless and thread-safe.
 */
public final class MetricQueryEngine {

    static final String PRESERVE_ERROR_LABEL = "__preserve_error__";

    private final QueryWorkers workers;

    /** An engine whose counting aggregations read their streams on this process's {@link QueryWorkers#shared()} pool too. */
    public MetricQueryEngine() {
        this(QueryWorkers.shared());
    }

    /** An engine with its own helpers; {@link QueryWorkers#none()} reads every stream on the query's thread. */
    public MetricQueryEngine(QueryWorkers workers) {
        this.workers = workers;
    }

    /**
     * Evaluates {@code expr}.
     *
     * @param step the distance between steps, positive
     * @param timeout how long the operators above the range aggregations may take
     * @param check asked before each chunk and every few thousand lines, so that an abandoned query stops
     * @throws MetricQueryException if a series carries a pipeline error or an operator fails
     */
    public MetricResult evaluate(MetricExpr expr, long start, long end, long step, LogReader reader, ReadCheck check, Duration timeout) {
        if (step <= 0 || end < start) {
            throw new IllegalArgumentException("steps need a positive step and end >= start");
        }
        long began = System.nanoTime();
        RangeAggregationEvaluator.Statistics stats = new RangeAggregationEvaluator.Statistics();
        Run run = new Run(new RangeAggregationEvaluator(reader, check, stats, workers), new VectorOperations(start, end, step, timeout), start, end, step);
        List<StepSeries> series;
        boolean scalar = isScalar(expr);
        try {
            series = scalar ? run.ops.constant(scalarValue(expr)) : run.eval(expr);
        } catch (QueryException e) {
            throw new MetricQueryException(e.getMessage());
        }
        List<StepSeries> ordered = new ArrayList<>(series);
        if (!(start == end && sortsByValue(expr))) {
            ordered.sort((a, b) -> a.labels().compareTo(b.labels()));
        }
        long points = 0;
        for (StepSeries s : ordered) {
            points += s.times().length;
        }
        return new MetricResult(ordered, scalar, new StreamsResult.Statistics(stats.linesProcessed, stats.bytesProcessed, stats.postFilterLines,
                points, System.nanoTime() - began));
    }

    /** Fails with Loki's pipeline error when {@code labels} carry an error the query did not ask to keep. */
    static void checkNoError(Labels labels) {
        String error = labels.get(RangeAggregationEvaluator.ERROR_LABEL);
        if (labels.has(RangeAggregationEvaluator.ERROR_LABEL) && !"true".equals(labels.get(PRESERVE_ERROR_LABEL))) {
            throw new MetricQueryException("pipeline error: '" + error + "' for series: '" + labels + "'.\n"
                    + "Use a label filter to intentionally skip this error. (e.g | __error__!=\"" + error + "\").\n"
                    + "To skip all potential errors you can match empty errors.(e.g __error__=\"\")\n"
                    + "The label filter can also be specified after unwrap. (e.g | unwrap latency | __error__=\"\" )");
        }
    }

    /** The range aggregations' log ranges in {@code expr}, in query order: what a query reads, for limits checked before it runs. */
    public static List<LogRange> logRanges(MetricExpr expr) {
        List<LogRange> out = new ArrayList<>();
        collectRanges(expr, out);
        return out;
    }

    private static void collectRanges(MetricExpr expr, List<LogRange> out) {
        switch (expr) {
            case RangeAggregationExpr r -> out.add(r.range());
            case VectorAggregationExpr v -> collectRanges(v.inner(), out);
            case BinaryOpExpr b -> {
                collectRanges(b.left(), out);
                collectRanges(b.right(), out);
            }
            case LabelReplaceExpr l -> collectRanges(l.inner(), out);
            case LiteralExpr l -> { }
            case VectorExpr v -> { }
        }
    }

    /** Whether {@code expr} is a number: a literal, or an operation between numbers. */
    static boolean isScalar(MetricExpr expr) {
        return expr instanceof LiteralExpr || expr instanceof BinaryOpExpr b && isScalar(b.left()) && isScalar(b.right());
    }

    private static double scalarValue(MetricExpr expr) {
        return switch (expr) {
            case LiteralExpr l -> l.value();
            case BinaryOpExpr b -> VectorOperations.binary(binaryOp(b.op()), scalarValue(b.left()), scalarValue(b.right()));
            default -> throw new IllegalArgumentException("not a number: " + expr);
        };
    }

    /** Whether an instant result keeps the order of a {@code sort}/{@code sort_desc} in the query, as Loki's does. */
    private static boolean sortsByValue(MetricExpr expr) {
        return switch (expr) {
            case VectorAggregationExpr v -> v.op() == VectorAggregationExpr.Op.SORT || v.op() == VectorAggregationExpr.Op.SORT_DESC
                    || sortsByValue(v.inner());
            case BinaryOpExpr b -> sortsByValue(b.left()) || sortsByValue(b.right());
            case LabelReplaceExpr l -> sortsByValue(l.inner());
            case RangeAggregationExpr r -> false;
            case LiteralExpr l -> false;
            case VectorExpr v -> false;
        };
    }

    /** One query's evaluation. */
    private record Run(RangeAggregationEvaluator ranges, VectorOperations ops, long start, long end, long step) {

        List<StepSeries> eval(MetricExpr expr) {
            return switch (expr) {
                case RangeAggregationExpr r -> ranges.evaluate(r, start, end, step);
                case VectorAggregationExpr v -> aggregate(v);
                case BinaryOpExpr b -> binary(b);
                case LabelReplaceExpr l -> ops.labelReplace(eval(l.inner()), l.destination(), l.replacement(), l.source(), l.regex());
                case VectorExpr v -> ops.constant(v.value());
                case LiteralExpr l -> ops.constant(l.value());
            };
        }

        private List<StepSeries> aggregate(VectorAggregationExpr v) {
            List<StepSeries> input = summedCounts(v) ? ranges.evaluate((RangeAggregationExpr) v.inner(), v.grouping(), start, end, step)
                    : eval(v.inner());
            AggregateOp op = switch (v.op()) {
                case SUM -> AggregateOp.SUM;
                case AVG -> AggregateOp.AVG;
                case MIN -> AggregateOp.MIN;
                case MAX -> AggregateOp.MAX;
                case COUNT -> AggregateOp.COUNT;
                case STDDEV -> AggregateOp.STDDEV;
                case STDVAR -> AggregateOp.STDVAR;
                // Without sharding, an approximate top k is the exact one.
                case TOPK, APPROX_TOPK -> AggregateOp.TOPK;
                case BOTTOMK -> AggregateOp.BOTTOMK;
                case SORT, SORT_DESC -> null;
            };
            if (op == null) {
                return ops.sort(input, v.op() == VectorAggregationExpr.Op.SORT_DESC);
            }
            return ops.aggregate(op, v.parameter(), v.grouping().labels(), v.grouping().without(), input);
        }

        /**
         * Whether {@code v} is a {@code sum by (...)} of line or byte counts: then the range
         * aggregation can group by the sum's labels itself, since a sum of whole-number counts
         * is the same whichever way it is split, and no series per distinct label set is kept.
         * Rates are left alone (a sum of quotients may differ in the last bit from the quotient of the sum).
         */
        private static boolean summedCounts(VectorAggregationExpr v) {
            return v.op() == VectorAggregationExpr.Op.SUM && !v.grouping().without()
                    && v.inner() instanceof RangeAggregationExpr r && r.grouping() == null && r.range().unwrap() == null
                    && (r.op() == RangeAggregationExpr.Op.COUNT_OVER_TIME || r.op() == RangeAggregationExpr.Op.BYTES_OVER_TIME);
        }

        private List<StepSeries> binary(BinaryOpExpr b) {
            BinaryOp op = binaryOp(b.op());
            if (isScalar(b.left())) {
                return ops.binary(op, eval(b.right()), scalarValue(b.left()), true, b.returnBool());
            }
            if (isScalar(b.right())) {
                return ops.binary(op, eval(b.left()), scalarValue(b.right()), false, b.returnBool());
            }
            return ops.binary(op, eval(b.left()), eval(b.right()), b.returnBool(), matching(b));
        }
    }

    private static VectorMatching matching(BinaryOpExpr b) {
        BinaryOpExpr.VectorMatching m = b.matching();
        if (m == null) {
            return null;
        }
        VectorMatching.Cardinality cardinality = switch (m.cardinality()) {
            case ONE_TO_ONE -> b.op().isSetOperation() ? VectorMatching.Cardinality.MANY_TO_MANY : VectorMatching.Cardinality.ONE_TO_ONE;
            case MANY_TO_ONE -> VectorMatching.Cardinality.MANY_TO_ONE;
            case ONE_TO_MANY -> VectorMatching.Cardinality.ONE_TO_MANY;
        };
        return new VectorMatching(cardinality, m.labels(), m.on(), m.include());
    }

    private static BinaryOp binaryOp(BinaryOpExpr.Op op) {
        return switch (op) {
            case OR -> BinaryOp.OR;
            case AND -> BinaryOp.AND;
            case UNLESS -> BinaryOp.UNLESS;
            case EQ -> BinaryOp.EQL;
            case NEQ -> BinaryOp.NEQ;
            case GT -> BinaryOp.GTR;
            case GTE -> BinaryOp.GTE;
            case LT -> BinaryOp.LSS;
            case LTE -> BinaryOp.LTE;
            case ADD -> BinaryOp.ADD;
            case SUB -> BinaryOp.SUB;
            case MUL -> BinaryOp.MUL;
            case DIV -> BinaryOp.DIV;
            case MOD -> BinaryOp.MOD;
            case POW -> BinaryOp.POW;
        };
    }
}

package dev.panoptes.metrics.promql;

import dev.panoptes.core.sample.StaleNaN;
import dev.panoptes.core.labels.Utf8LabelOrder;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.promql.parser.At;
import dev.panoptes.metrics.promql.parser.Expr;
import dev.panoptes.metrics.promql.parser.ExprType;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.Queryable;
import dev.panoptes.metrics.storage.StorageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One query's evaluation: opens a querier over the time the expression needs, evaluates the tree
 * over the query's steps, removes names marked for removal and shapes the result. Every node
 * evaluates to a list of {@link EvalSeries} with a point per step where it has a value (a scalar
 * is one series with no labels and a point at every step), except strings and the range vectors
 * that functions consume. One per query. The tree is evaluated on the query's thread; only a
 * {@link SeriesSplit} hands work to other threads, and those may use only what is safe to share:
 * the settings, {@link #checkLive}, {@link #annotations} children and the read-only fields. The
 * budget, the querier and {@link #provided} stay on the query's thread.
 */
final class Evaluation {

    final EngineSettings settings;
    final String query;
    final long queryStart;
    final long queryEnd;
    final Annotations annotations;
    final SampleBudget budget;
    private final Queryable storage;
    final long queryStep;
    private final long deadlineNanos;
    /** Set when the query's thread was interrupted while helpers worked for it; they stop at their next check. */
    private volatile boolean canceled;
    Querier querier;
    /** Selectors read for histogram counts and sums only (see {@link HistogramStatsSelectors}). */
    java.util.Set<Expr> statsOnly = java.util.Set.of();
    /**
     * Leaves whose series were computed elsewhere ({@link VectorOperations}): evaluating one of
     * these nodes (by identity) returns its series instead of reading storage. Each is taken once.
     */
    final Map<Expr, List<EvalSeries>> provided = new java.util.IdentityHashMap<>();

    Evaluation(EngineSettings settings, Queryable storage, String query, long start, long end, long step) {
        this.settings = settings;
        this.storage = storage;
        this.query = query;
        this.queryStart = start;
        this.queryEnd = end;
        this.queryStep = step;
        this.annotations = new Annotations(query);
        this.budget = new SampleBudget(settings.maxSamples(), settings.maxSeries());
        this.deadlineNanos = System.nanoTime() + settings.timeout().toNanos();
    }

    /** The steps of one (sub)evaluation; an instant evaluation has one step and interval 1. */
    record Steps(long start, long end, long interval) {
        int count() {
            return (int) ((end - start) / interval) + 1;
        }
    }

    QueryResult run(Expr expr, Map<Expr, Integer> positions) {
        annotations.positions(positions);
        statsOnly = HistogramStatsSelectors.find(expr);
        Steps steps = new Steps(queryStart, queryEnd, queryStep == 0 ? 1 : queryStep);
        TimeBounds bounds = TimeBounds.of(expr, this);
        try (Querier q = storage.querier(bounds.mint(), bounds.maxt())) {
            this.querier = q;
            Value value = shape(expr, steps);
            return new QueryResult(value, annotations.warnings(), annotations.infos(), budget.loaded(), budget.peak());
        } catch (StorageException e) {
            throw new QueryException(ErrorType.INTERNAL, "error reading from storage: " + e.getMessage());
        }
    }

    private Value shape(Expr expr, Steps steps) {
        ExprType type = expr.type();
        if (type == ExprType.STRING) {
            return new StringValue(queryStart, ((Expr.StringLiteral) unwrap(expr)).value());
        }
        if (type == ExprType.MATRIX) {
            if (queryStep != 0) {
                throw new QueryException(ErrorType.BAD_DATA, "invalid expression type \"range vector\" for range query, must be Scalar or instant Vector");
            }
            List<EvalSeries> range = new RangeVectors(this).evaluate(unwrap(expr), steps);
            List<RangeSeries> out = new ArrayList<>(range.size());
            for (EvalSeries s : NameRemoval.mergeSameLabels(range)) {
                out.add(s.toRangeSeries());
            }
            return new Matrix(out);
        }
        List<EvalSeries> result = eval(expr, steps);
        if (type == ExprType.SCALAR) {
            if (queryStep == 0) {
                EvalSeries s = result.get(0);
                return new Scalar(queryStart, s.floatCount > 0 ? s.floats[0] : Double.NaN);
            }
            return new Matrix(List.of(result.get(0).toRangeSeries()));
        }
        if (queryStep == 0) {
            List<Sample> samples = new ArrayList<>(result.size());
            for (EvalSeries s : NameRemoval.dropMarkedNames(result)) {
                if (s.floatCount > 0) {
                    samples.add(Sample.ofFloat(s.labels, queryStart, s.floats[0]));
                } else if (s.histogramCount > 0) {
                    samples.add(Sample.ofHistogram(s.labels, queryStart, s.histograms[0]));
                }
            }
            NameRemoval.checkUnique(samples);
            return new Vector(samples);
        }
        List<EvalSeries> merged = NameRemoval.mergeSameLabels(result);
        merged.sort((a, b) -> Utf8LabelOrder.compare(a.labels, b.labels));
        List<RangeSeries> out = new ArrayList<>(merged.size());
        for (EvalSeries s : merged) {
            out.add(s.toRangeSeries());
        }
        return new Matrix(out);
    }

    static Expr unwrap(Expr e) {
        while (e instanceof Expr.Paren p) {
            e = p.expr();
        }
        return e;
    }

    /** Evaluates a scalar- or vector-typed expression over {@code steps}. */
    List<EvalSeries> eval(Expr expr, Steps steps) {
        checkLive();
        List<EvalSeries> given = provided.remove(expr);
        if (given != null) {
            return given;
        }
        return switch (expr) {
            case Expr.Paren p -> eval(p.expr(), steps);
            case Expr.NumberLiteral n -> constant(n.value(), steps);
            case Expr.StringLiteral s -> throw new QueryException(ErrorType.BAD_DATA, "unexpected string literal");
            case Expr.VectorSelector vs -> new Selectors(this).instant(vs, steps);
            case Expr.MatrixSelector ms -> throw new QueryException(ErrorType.EXECUTION, "cannot do range evaluation of matrix selector");
            case Expr.Subquery sq -> throw new QueryException(ErrorType.EXECUTION, "cannot do range evaluation of subquery");
            case Expr.Unary u -> unary(u, steps);
            case Expr.Binary b -> new BinaryOperations(this).evaluate(b, steps);
            case Expr.Aggregate a -> new Aggregations(this).evaluate(a, steps);
            case Expr.Call c -> new FunctionCalls(this).evaluate(c, steps);
        };
    }

    /** A scalar with the same value at every step. */
    static List<EvalSeries> constant(double value, Steps steps) {
        EvalSeries s = new EvalSeries(Labels.empty(), false);
        for (long ts = steps.start(); ts <= steps.end(); ts += steps.interval()) {
            s.addFloat(ts, value);
        }
        return List.of(s);
    }

    private List<EvalSeries> unary(Expr.Unary u, Steps steps) {
        List<EvalSeries> in = eval(u.expr(), steps);
        if (!u.negate()) {
            return in;
        }
        for (EvalSeries s : in) {
            s.dropName = true;
            for (int i = 0; i < s.floatCount; i++) {
                s.floats[i] = -s.floats[i];
            }
            for (int i = 0; i < s.histogramCount; i++) {
                s.histograms[i] = s.histograms[i].copy().mul(-1);
            }
        }
        return in;
    }

    /**
     * The evaluation of an operator over aligned inputs, step by step: at each step the vectors
     * of every input are gathered and handed to {@code function}, whose output samples are
     * appended to output series by label set. Two outputs with the same labels at one step fail
     * the query, as in Prometheus. Output order is first appearance, which an instant query keeps.
     */
    List<EvalSeries> stepwise(Steps steps, List<List<EvalSeries>> inputs, StepFunction function) {
        int n = inputs.size();
        List<List<StepSample>> vectors = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            vectors.add(new ArrayList<>());
            for (EvalSeries s : inputs.get(i)) {
                s.resetCursors();
            }
        }
        Map<Labels, EvalSeries> out = new HashMap<>();
        List<EvalSeries> order = new ArrayList<>();
        Map<Labels, Long> lastStep = new HashMap<>();
        long before = budget.current();
        for (long ts = steps.start(); ts <= steps.end(); ts += steps.interval()) {
            checkLive();
            for (int i = 0; i < n; i++) {
                gather(ts, inputs.get(i), vectors.get(i));
            }
            List<StepSample> result = function.apply(vectors, ts);
            for (StepSample sample : result) {
                Long last = lastStep.put(sample.labels(), ts);
                if (last != null && last == ts) {
                    throw new QueryException(ErrorType.EXECUTION, "vector cannot contain metrics with the same labelset");
                }
                EvalSeries series = out.get(sample.labels());
                if (series == null) {
                    series = new EvalSeries(sample.labels(), sample.dropName());
                    out.put(sample.labels(), series);
                    order.add(series);
                }
                series.add(ts, sample.f(), sample.histogram());
                budget.add(sample.histogram() == null ? 1 : EvalSeries.histogramCost(sample.histogram()));
            }
        }
        budget.set(before);
        for (EvalSeries s : order) {
            budget.add(s.sampleCost());
        }
        return order;
    }

    /** The samples of {@code input} at {@code ts}, advancing each series' cursor. */
    static void gather(long ts, List<EvalSeries> input, List<StepSample> into) {
        into.clear();
        for (EvalSeries s : input) {
            if (s.floatCursor < s.floatCount && s.floatTimes[s.floatCursor] == ts) {
                into.add(new StepSample(s.labels, s.floats[s.floatCursor++], null, s.dropName));
            } else if (s.histogramCursor < s.histogramCount && s.histogramTimes[s.histogramCursor] == ts) {
                into.add(new StepSample(s.labels, Double.NaN, s.histograms[s.histogramCursor++], s.dropName));
            }
        }
    }

    /** The value of a scalar-typed argument at each step, as one array. */
    double[] scalarSteps(Expr expr, Steps steps) {
        List<EvalSeries> s = eval(expr, steps);
        double[] out = new double[steps.count()];
        java.util.Arrays.fill(out, Double.NaN);
        if (!s.isEmpty()) {
            EvalSeries series = s.get(0);
            for (int i = 0; i < series.floatCount; i++) {
                out[(int) ((series.floatTimes[i] - steps.start()) / steps.interval())] = series.floats[i];
            }
        }
        return out;
    }

    /** The instant an {@code @} modifier pins evaluation to, or {@code Long.MIN_VALUE} for none. */
    long atTime(At at) {
        if (at == null) {
            return Long.MIN_VALUE;
        }
        return switch (at.kind()) {
            case TIMESTAMP -> at.millis();
            case START -> queryStart;
            case END -> queryEnd;
        };
    }

    /**
     * Fails the query when it was canceled (its thread interrupted, or {@link #cancel} called
     * while helpers work for it) or is past its deadline. Safe on any thread.
     */
    void checkLive() {
        if (canceled || Thread.currentThread().isInterrupted()) {
            throw new QueryException(ErrorType.CANCELED, "query was canceled in expression evaluation");
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new QueryException(ErrorType.TIMEOUT, "query timed out in expression evaluation");
        }
    }

    /** Marks the query canceled, for the helpers that see no interrupt of the query's thread. */
    void cancel() {
        canceled = true;
    }

    long lookbackMillis() {
        return settings.lookbackDelta().toMillis();
    }

    long defaultSubqueryStepMillis() {
        return settings.defaultSubqueryStep().toMillis();
    }

    /** An operator applied at one step to the vectors of its inputs. */
    @FunctionalInterface
    interface StepFunction {
        List<StepSample> apply(List<List<StepSample>> vectors, long ts);
    }

    /**
     * Tracks the samples a query holds, failing it beyond the limit as Prometheus does. Used on
     * the query's thread only: parallel sections replay their costs into it in series order, so
     * that limits fail at the same point and the peak is the same as when evaluated serially.
     */
    static final class SampleBudget {
        private final long max;
        private long current;
        private long loaded;
        private long peak;

        private final long maxSeries;
        private long series;

        SampleBudget(long max, long maxSeries) {
            this.max = max;
            this.maxSeries = maxSeries;
        }

        /** Counts one series read from storage against the series limit. */
        void loadSeries() {
            if (maxSeries > 0 && ++series > maxSeries) {
                throw new QueryException(ErrorType.EXECUTION,
                        "the query exceeded the maximum number of series (limit: " + maxSeries + " series)");
            }
        }

        void add(long n) {
            current += n;
            peak = Math.max(peak, current);
            if (current > max) {
                throw tooManySamples();
            }
        }

        /** The failure of a query beyond the sample limit. */
        static QueryException tooManySamples() {
            return new QueryException(ErrorType.EXECUTION, "query processing would load too many samples into memory in query execution");
        }

        /** Whether {@code more} series can still be read without exceeding the series limit. */
        boolean seriesFit(long more) {
            return maxSeries <= 0 || series + more <= maxSeries;
        }

        /** How many more samples may be held before the sample limit is exceeded. */
        long room() {
            return max - current;
        }

        void load(long n) {
            loaded += n;
            add(n);
        }

        void release(long n) {
            current -= n;
        }

        long current() {
            return current;
        }

        void set(long value) {
            current = value;
        }

        long loaded() {
            return loaded;
        }

        long peak() {
            return peak;
        }
    }

    static boolean isStale(double v) {
        return StaleNaN.is(v);
    }

    static boolean isStale(FloatHistogram h) {
        return isStale(h.sum());
    }
}

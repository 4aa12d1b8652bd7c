package dev.panoptes.metrics.promql;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.metrics.promql.Evaluation.Steps;
import dev.panoptes.metrics.promql.parser.AggregateOp;
import dev.panoptes.metrics.promql.parser.BinaryOp;
import dev.panoptes.metrics.promql.parser.Expr;
import dev.panoptes.metrics.promql.parser.Function;
import dev.panoptes.metrics.promql.parser.VectorMatching;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The engine's operators over instant vectors, for query languages whose leaves are computed
 * elsewhere (LogQL computes its range aggregations from log lines, then combines them with
 * PromQL's semantics). Each method takes step matrices, lists of {@link StepSeries}, and returns
 * one, evaluated at the steps {@code start, start + interval, ..., end} by the same code as
 * PromQL queries: aggregations, binary operators with vector matching, {@code label_replace},
 * {@code sort}. Inputs hold floats only; results are in the order the operator produced them.
 *
 * <p>Times are opaque step values in one unit of the caller's choosing (no operator here reads the
 * clock). An instance is cheap and not thread-safe; use one per query. A failure (two outputs with
 * the same labels at a step, an ambiguous match, the timeout) is a {@link QueryException} with
 * Prometheus' message.
 */
public final class VectorOperations {

    private final long start;
    private final long end;
    private final long interval;
    private final EngineSettings settings;
    private final long deadline;

    /**
     * @param start the first step
     * @param end the last step, not before {@code start}
     * @param interval the distance between steps, positive (any positive value for a single step)
     * @param timeout how long all operations of this instance may take together
     */
    public VectorOperations(long start, long end, long interval, Duration timeout) {
        if (interval <= 0 || end < start) {
            throw new IllegalArgumentException("steps need a positive interval and end >= start");
        }
        this.start = start;
        this.end = end;
        this.interval = interval;
        this.settings = EngineSettings.defaults().withTimeout(timeout).withMaxSamples(Long.MAX_VALUE);
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /**
     * {@code op by (labels) (input)} or {@code op without (labels) (input)}.
     *
     * @param parameter k of {@code topk}/{@code bottomk}, the quantile of {@code quantile}; ignored by the others
     */
    public List<StepSeries> aggregate(AggregateOp op, double parameter, List<String> labels, boolean without, List<StepSeries> input) {
        if (op == AggregateOp.COUNT_VALUES) {
            throw new IllegalArgumentException("count_values takes a string parameter");
        }
        Evaluation ev = evaluation();
        Expr param = op.paramType() == null ? null : new Expr.NumberLiteral(parameter);
        Expr.Aggregate node = new Expr.Aggregate(op, leaf(ev, input), param, labels, without, true);
        return result(ev.eval(node, steps()));
    }

    /**
     * {@code lhs op rhs} between two vectors.
     *
     * @param matching {@code on}/{@code ignoring} and {@code group_left}/{@code group_right}; null to match on all labels
     */
    public List<StepSeries> binary(BinaryOp op, List<StepSeries> lhs, List<StepSeries> rhs, boolean returnBool, VectorMatching matching) {
        if (matching == null) {
            matching = new VectorMatching(op.isSetOperator() ? VectorMatching.Cardinality.MANY_TO_MANY : VectorMatching.Cardinality.ONE_TO_ONE,
                    List.of(), false, List.of());
        }
        Evaluation ev = evaluation();
        Expr.Binary node = new Expr.Binary(op, leaf(ev, lhs), leaf(ev, rhs), matching, returnBool);
        return result(ev.eval(node, steps()));
    }

    /** {@code vector op scalar}, or {@code scalar op vector} when {@code scalarOnLeft}. */
    public List<StepSeries> binary(BinaryOp op, List<StepSeries> vector, double scalar, boolean scalarOnLeft, boolean returnBool) {
        Evaluation ev = evaluation();
        Expr v = leaf(ev, vector);
        Expr s = new Expr.NumberLiteral(scalar);
        Expr.Binary node = scalarOnLeft ? new Expr.Binary(op, s, v, null, returnBool) : new Expr.Binary(op, v, s, null, returnBool);
        return result(ev.eval(node, steps()));
    }

    /** {@code l op r} between two numbers; a comparison yields 1 or 0. */
    public static double binary(BinaryOp op, double l, double r) {
        return BinaryOperations.scalarOp(op, l, r);
    }

    /** {@code label_replace(input, destination, replacement, source, regex)}. */
    public List<StepSeries> labelReplace(List<StepSeries> input, String destination, String replacement, String source, String regex) {
        Evaluation ev = evaluation();
        Expr.Call node = new Expr.Call(Function.named("label_replace"), List.of(leaf(ev, input), new Expr.StringLiteral(destination),
                new Expr.StringLiteral(replacement), new Expr.StringLiteral(source), new Expr.StringLiteral(regex)));
        return result(ev.eval(node, steps()));
    }

    /** {@code sort(input)} or {@code sort_desc(input)}: at a single step, the series ordered by value (NaN last). */
    public List<StepSeries> sort(List<StepSeries> input, boolean descending) {
        Evaluation ev = evaluation();
        Expr.Call node = new Expr.Call(Function.named(descending ? "sort_desc" : "sort"), List.of(leaf(ev, input)));
        return result(ev.eval(node, steps()));
    }

    /** {@code vector(value)}: one series without labels, {@code value} at every step. */
    public List<StepSeries> constant(double value) {
        return result(Evaluation.constant(value, steps()));
    }

    private Steps steps() {
        return new Steps(start, end, interval);
    }

    private Evaluation evaluation() {
        long left = Math.max(1, deadline - System.nanoTime());
        return new Evaluation(settings.withTimeout(Duration.ofNanos(left)), null, "", start, end, start == end ? 0 : interval);
    }

    /** A vector-typed node that {@code ev} answers with {@code input}'s series. */
    private static Expr leaf(Evaluation ev, List<StepSeries> input) {
        // A fresh node each time: the evaluation recognises leaves by identity.
        Expr node = new Expr.VectorSelector(null, List.of(LabelMatcher.equal("__leaf__", "")), 0, null);
        List<EvalSeries> series = new ArrayList<>(input.size());
        for (StepSeries s : input) {
            EvalSeries e = new EvalSeries(s.labels(), false);
            e.floatTimes = Arrays.copyOf(s.times(), s.times().length);
            e.floats = Arrays.copyOf(s.values(), s.values().length);
            e.floatCount = s.times().length;
            series.add(e);
        }
        ev.provided.put(node, series);
        return node;
    }

    private static List<StepSeries> result(List<EvalSeries> series) {
        List<StepSeries> out = new ArrayList<>(series.size());
        for (EvalSeries s : series) {
            if (s.floatCount > 0) {
                out.add(new StepSeries(s.labels, Arrays.copyOf(s.floatTimes, s.floatCount), Arrays.copyOf(s.floats, s.floatCount)));
            }
        }
        return out;
    }
}

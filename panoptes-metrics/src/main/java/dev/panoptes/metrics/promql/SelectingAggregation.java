package dev.panoptes.metrics.promql;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.promql.Evaluation.Steps;
import dev.panoptes.metrics.promql.parser.AggregateOp;
import dev.panoptes.metrics.promql.parser.Expr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregations that choose input series rather than compute new values: {@code topk},
 * {@code bottomk}, {@code limitk} and {@code limit_ratio}. Each group keeps a binary heap of its
 * chosen samples, maintained exactly as Prometheus maintains its heap, so that ties resolve to
 * the same series.
 */
final class SelectingAggregation {

    private final Evaluation ev;
    private final Expr.Aggregate a;
    private final double[] params;
    private final List<EvalSeries> input;
    private final Steps steps;
    private final int[] seriesGroup;
    private final int groupCount;

    SelectingAggregation(Evaluation ev, Expr.Aggregate a, double[] params, List<EvalSeries> input, List<String> grouping, Steps steps) {
        this.ev = ev;
        this.a = a;
        this.params = params;
        this.input = input;
        this.steps = steps;
        this.seriesGroup = new int[input.size()];
        Map<Labels, Integer> index = new HashMap<>();
        for (int i = 0; i < input.size(); i++) {
            Labels key = Aggregations.groupLabels(input.get(i).labels, grouping, a.without());
            Integer g = index.get(key);
            if (g == null) {
                g = index.size();
                index.put(key, g);
            }
            seriesGroup[i] = g;
        }
        this.groupCount = index.size();
    }

    /** The extremes of the parameter over the steps, and whether it was NaN at any. */
    private record ParamRange(double min, double max, boolean nan) {
        static ParamRange of(double[] params) {
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            boolean nan = false;
            for (double p : params) {
                max = Math.max(max, p);
                min = Math.min(min, p);
                nan |= Double.isNaN(p);
            }
            return new ParamRange(min, max, nan);
        }
    }

    List<EvalSeries> evaluate() {
        ParamRange range = ParamRange.of(params);
        double max = range.max();
        double min = range.min();
        boolean nan = range.nan();
        if (max < 1 && !nan) {
            return List.of();
        }
        if (nan) {
            throw new QueryException(ErrorType.EXECUTION, "Parameter value is NaN");
        }
        if (min <= -9.223372036854775808E18) {
            throw new QueryException(ErrorType.EXECUTION, "Scalar value " + GoFormat.g(min) + " underflows int64");
        }
        if (max >= 9.223372036854775807E18) {
            throw new QueryException(ErrorType.EXECUTION, "Scalar value " + GoFormat.g(max) + " overflows int64");
        }
        return run(false);
    }

    List<EvalSeries> evaluateRatio() {
        ParamRange range = ParamRange.of(params);
        double max = range.max();
        double min = range.min();
        boolean nan = range.nan();
        if (!nan && max == 0 && min == 0) {
            return List.of();
        }
        if (nan) {
            throw new QueryException(ErrorType.EXECUTION, "Ratio value is NaN");
        }
        if (max > 1.0) {
            ev.annotations.warn("ratio value should be between -1 and 1, got " + GoFormat.g(max) + ", capping to 1", a.param());
        }
        if (min < -1.0) {
            ev.annotations.warn("ratio value should be between -1 and 1, got " + GoFormat.g(min) + ", capping to -1", a.param());
        }
        return run(true);
    }

    private List<EvalSeries> run(boolean ratio) {
        AggregateOp op = a.op();
        Map<Labels, EvalSeries> out = new LinkedHashMap<>();
        List<List<StepSample>> heaps = new ArrayList<>(groupCount);
        boolean[] seen = new boolean[groupCount];
        for (int i = 0; i < groupCount; i++) {
            heaps.add(new ArrayList<>());
        }
        List<StepSample> vector = new ArrayList<>();
        int step = 0;
        for (long ts = steps.start(); ts <= steps.end(); ts += steps.interval(), step++) {
            ev.checkLive();
            Evaluation.gather(ts, input, vector);
            double param = params[step];
            long k = ratio ? 0 : Math.min((long) param, input.size());
            double r = ratio ? Math.max(-1.0, Math.min(1.0, param)) : 0;
            if ((!ratio && k < 1) || (ratio && param == 0)) {
                continue;
            }
            java.util.Arrays.fill(seen, false);
            for (List<StepSample> h : heaps) {
                h.clear();
            }
            int gi = 0;
            for (int si = 0, vi = 0; si < input.size() && vi < vector.size(); si++) {
                StepSample s = vector.get(vi);
                if (s.labels() != input.get(si).labels) {
                    continue;
                }
                vi++;
                gi = seriesGroup[si];
                List<StepSample> heap = heaps.get(gi);
                switch (op) {
                    case TOPK, BOTTOMK -> {
                        boolean reverse = op == AggregateOp.BOTTOMK;
                        if (s.isHistogram()) {
                            ev.annotations.info("ignored histogram in " + op.keyword() + " aggregation", a);
                            continue;
                        }
                        seen[gi] = true;
                        if (heap.size() < k) {
                            push(heap, s, reverse);
                        } else {
                            double root = heap.get(0).f();
                            boolean replace = reverse
                                    ? root > s.f() || (Double.isNaN(root) && !Double.isNaN(s.f()))
                                    : root < s.f() || (Double.isNaN(root) && !Double.isNaN(s.f()));
                            if (replace) {
                                heap.set(0, s);
                                if (k > 1) {
                                    fix(heap, reverse);
                                }
                            }
                        }
                    }
                    case LIMITK -> {
                        seen[gi] = true;
                        if (heap.size() < k) {
                            heap.add(s);
                        }
                    }
                    case LIMIT_RATIO -> {
                        seen[gi] = true;
                        if (RatioSampling.keep(r, s.labels())) {
                            heap.add(s);
                        }
                    }
                    default -> throw new IllegalStateException("not a selecting aggregation: " + op);
                }
            }
            for (int g = 0; g < groupCount; g++) {
                if (!seen[g]) {
                    continue;
                }
                List<StepSample> heap = heaps.get(g);
                if (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK) {
                    boolean reverse = op == AggregateOp.BOTTOMK;
                    // Descending by the heap's order; stable like the insertion sort of small inputs.
                    heap.sort((x, y) -> less(y, x, reverse) ? -1 : less(x, y, reverse) ? 1 : 0);
                }
                for (StepSample s : heap) {
                    EvalSeries series = out.get(s.labels());
                    if (series == null) {
                        series = new EvalSeries(s.labels(), s.dropName());
                        out.put(s.labels(), series);
                    }
                    series.add(ts, s.f(), s.histogram());
                }
            }
        }
        List<EvalSeries> result = new ArrayList<>(out.values());
        for (EvalSeries s : result) {
            ev.budget.add(s.sampleCost());
        }
        return result;
    }

    /** The heap order: NaN first, then ascending (descending for {@code bottomk}). */
    private static boolean less(StepSample x, StepSample y, boolean reverse) {
        double vi = x.f();
        double vj = y.f();
        if (Double.isNaN(vi)) {
            return true;
        }
        return reverse ? vi > vj : vi < vj;
    }

    private static void push(List<StepSample> heap, StepSample s, boolean reverse) {
        heap.add(s);
        int j = heap.size() - 1;
        while (true) {
            int i = (j - 1) / 2;
            if (i == j || !less(heap.get(j), heap.get(i), reverse)) {
                break;
            }
            swap(heap, i, j);
            j = i;
        }
    }

    private static void fix(List<StepSample> heap, boolean reverse) {
        int n = heap.size();
        int i = 0;
        while (true) {
            int j1 = 2 * i + 1;
            if (j1 >= n) {
                break;
            }
            int j = j1;
            int j2 = j1 + 1;
            if (j2 < n && less(heap.get(j2), heap.get(j1), reverse)) {
                j = j2;
            }
            if (!less(heap.get(j), heap.get(i), reverse)) {
                break;
            }
            swap(heap, i, j);
            i = j;
        }
    }

    private static void swap(List<StepSample> heap, int i, int j) {
        StepSample t = heap.get(i);
        heap.set(i, heap.get(j));
        heap.set(j, t);
    }
}

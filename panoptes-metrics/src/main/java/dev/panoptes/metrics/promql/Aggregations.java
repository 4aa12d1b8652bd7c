package dev.panoptes.metrics.promql;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.IncompatibleHistogramsException;
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
 * Aggregation operators. Input series are mapped to their groups once; then, step by step,
 * each group accumulates its members' values: compensated sums and means (switching to an
 * incremental mean when a sum would overflow), Welford variance, quantiles; {@code topk},
 * {@code bottomk} and {@code limitk} keep the chosen input series themselves.
 */
final class Aggregations {

    private final Evaluation ev;

    Aggregations(Evaluation ev) {
        this.ev = ev;
    }

    List<EvalSeries> evaluate(Expr.Aggregate a, Steps steps) {
        List<String> grouping = new ArrayList<>(a.grouping());
        grouping.sort(null);
        if (a.op() == AggregateOp.COUNT_VALUES) {
            return countValues(a, grouping, steps);
        }
        double[] params = a.param() == null ? null : ev.scalarSteps(a.param(), steps);
        List<EvalSeries> input = ev.eval(a.expr(), steps);
        for (EvalSeries s : input) {
            s.resetCursors();
        }
        return switch (a.op()) {
            case TOPK, BOTTOMK, LIMITK -> new SelectingAggregation(ev, a, params, input, grouping, steps).evaluate();
            case LIMIT_RATIO -> new SelectingAggregation(ev, a, params, input, grouping, steps).evaluateRatio();
            default -> accumulate(a, params, input, grouping, steps);
        };
    }

    static Labels groupLabels(Labels metric, List<String> grouping, boolean without) {
        if (without) {
            List<String> drop = new ArrayList<>(grouping.size() + 1);
            drop.addAll(grouping);
            drop.add(Labels.METRIC_NAME);
            return metric.without(drop);
        }
        if (grouping.isEmpty()) {
            return Labels.empty();
        }
        return metric.keepOnly(grouping);
    }

    private List<EvalSeries> accumulate(Expr.Aggregate a, double[] params, List<EvalSeries> input, List<String> grouping, Steps steps) {
        AggregateOp op = a.op();
        Map<Labels, Integer> groupIndex = new HashMap<>();
        List<EvalSeries> outputs = new ArrayList<>();
        int[] seriesGroup = new int[input.size()];
        for (int i = 0; i < input.size(); i++) {
            Labels key = groupLabels(input.get(i).labels, grouping, a.without());
            Integer g = groupIndex.get(key);
            if (g == null) {
                g = outputs.size();
                groupIndex.put(key, g);
                outputs.add(new EvalSeries(key, false, steps.count()));
            }
            seriesGroup[i] = g;
        }
        if (op == AggregateOp.QUANTILE && params != null) {
            boolean nan = false;
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            for (double q : params) {
                nan |= Double.isNaN(q);
                max = Math.max(max, q);
                min = Math.min(min, q);
            }
            if (nan) {
                ev.annotations.warn("quantile value should be between 0 and 1, got NaN", a.param());
            }
            if (max > 1) {
                ev.annotations.warn("quantile value should be between 0 and 1, got " + GoFormat.g(max), a.param());
            }
            if (min < 0) {
                ev.annotations.warn("quantile value should be between 0 and 1, got " + GoFormat.g(min), a.param());
            }
        }
        Group[] groups = new Group[outputs.size()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = new Group();
        }
        int step = 0;
        for (long ts = steps.start(); ts <= steps.end(); ts += steps.interval(), step++) {
            ev.checkLive();
            for (Group g : groups) {
                g.seen = false;
            }
            for (int si = 0; si < input.size(); si++) {
                EvalSeries s = input.get(si);
                double f = 0;
                FloatHistogram h = null;
                if (s.floatCursor < s.floatCount && s.floatTimes[s.floatCursor] == ts) {
                    f = s.floats[s.floatCursor++];
                } else if (s.histogramCursor < s.histogramCount && s.histogramTimes[s.histogramCursor] == ts) {
                    h = s.histograms[s.histogramCursor++];
                } else {
                    continue;
                }
                add(a, groups[seriesGroup[si]], f, h, s.dropName, s.labels);
            }
            for (int gi = 0; gi < groups.length; gi++) {
                Group g = groups[gi];
                if (g.seen) {
                    finish(a, g, params == null ? Double.NaN : params[step], outputs.get(gi), ts);
                }
            }
        }
        List<EvalSeries> out = new ArrayList<>(outputs.size());
        for (EvalSeries s : outputs) {
            if (!s.isEmpty()) {
                out.add(s);
                ev.budget.add(s.sampleCost());
            }
        }
        return out;
    }

    /** One group's state at one step. */
    private static final class Group {
        boolean seen;
        boolean hasFloat;
        boolean hasHistogram;
        boolean incompatible;
        boolean incrementalMean;
        boolean dropName;
        double value;
        double kahanC;
        double mean;
        double count;
        HistogramSum histograms;
        double[] values = new double[8];
        int valueCount;
        String firstMetricName;

        void push(double v) {
            if (valueCount == values.length) {
                values = java.util.Arrays.copyOf(values, valueCount * 2);
            }
            values[valueCount++] = v;
        }
    }

    private void add(Expr.Aggregate a, Group g, double f, FloatHistogram h, boolean dropName, Labels labels) {
        AggregateOp op = a.op();
        if (!g.seen) {
            g.seen = true;
            g.hasFloat = false;
            g.hasHistogram = false;
            g.incompatible = false;
            g.incrementalMean = false;
            g.dropName = dropName;
            g.value = f;
            g.mean = f;
            g.kahanC = 0;
            g.count = 1;
            g.histograms = null;
            g.valueCount = 0;
            String name = labels.metricName();
            g.firstMetricName = name == null ? "" : name;
            switch (op) {
                case SUM, AVG -> {
                    if (h == null) {
                        g.hasFloat = true;
                    } else {
                        g.histograms = new HistogramSum();
                        g.histograms.add(h, op == AggregateOp.AVG);
                        g.hasHistogram = true;
                    }
                }
                case STDVAR, STDDEV -> {
                    if (h != null) {
                        g.seen = false;
                        ignored(op, a);
                    } else if (Double.isNaN(f) || Double.isInfinite(f)) {
                        g.value = Double.NaN;
                    } else {
                        g.value = 0;
                    }
                }
                case QUANTILE -> {
                    if (h != null) {
                        g.seen = false;
                        ignored(op, a);
                    }
                    g.push(f);
                }
                case GROUP -> g.value = 1;
                case MIN, MAX -> {
                    if (h != null) {
                        g.seen = false;
                        ignored(op, a);
                    }
                }
                default -> {
                }
            }
            return;
        }
        if (g.incompatible) {
            return;
        }
        if (dropName) {
            g.dropName = true;
        }
        switch (op) {
            case SUM -> {
                if (h != null) {
                    g.hasHistogram = true;
                    if (g.histograms != null) {
                        addHistogram(a, g, h, labels);
                    }
                } else {
                    g.hasFloat = true;
                    double t = g.value + f;
                    g.kahanC = KahanSum.compensation(f, g.value, t, g.kahanC);
                    g.value = t;
                }
            }
            case AVG -> {
                g.count++;
                if (h != null) {
                    g.hasHistogram = true;
                    if (g.histograms != null) {
                        addHistogram(a, g, h, labels);
                    }
                } else {
                    g.hasFloat = true;
                    if (!g.incrementalMean) {
                        double t = g.value + f;
                        if (!Double.isInfinite(t)) {
                            g.kahanC = KahanSum.compensation(f, g.value, t, g.kahanC);
                            g.value = t;
                            return;
                        }
                        g.incrementalMean = true;
                        g.mean = g.value / (g.count - 1);
                        g.kahanC /= g.count - 1;
                    }
                    double q = (g.count - 1) / g.count;
                    double base = q * g.mean;
                    double inc = f / g.count;
                    double t = base + inc;
                    g.kahanC = KahanSum.compensation(inc, base, t, q * g.kahanC);
                    g.mean = t;
                }
            }
            case GROUP -> {
            }
            case MAX -> {
                if (h != null) {
                    ignored(op, a);
                } else if (g.value < f || Double.isNaN(g.value)) {
                    g.value = f;
                }
            }
            case MIN -> {
                if (h != null) {
                    ignored(op, a);
                } else if (g.value > f || Double.isNaN(g.value)) {
                    g.value = f;
                }
            }
            case COUNT -> g.count++;
            case STDVAR, STDDEV -> {
                if (h == null) {
                    g.count++;
                    double delta = f - g.mean;
                    g.mean += delta / g.count;
                    g.value += delta * (f - g.mean);
                } else {
                    ignored(op, a);
                }
            }
            case QUANTILE -> {
                if (h != null) {
                    ignored(op, a);
                } else {
                    g.push(f);
                }
            }
            default -> throw new IllegalStateException("not an accumulating aggregation: " + op);
        }
    }

    private void addHistogram(Expr.Aggregate a, Group g, FloatHistogram h, Labels labels) {
        try {
            g.histograms.add(h, a.op() == AggregateOp.AVG);
        } catch (IncompatibleHistogramsException e) {
            String name = labels.metricName();
            ev.annotations.warn("vector contains a mix of histograms with exponential and custom buckets schemas for metric name "
                    + Annotations.quote(name == null ? "" : name), a.expr());
            g.incompatible = true;
        }
    }

    private void ignored(AggregateOp op, Expr.Aggregate a) {
        ev.annotations.info("ignored histogram in " + op.keyword() + " aggregation", a.expr());
    }

    private void finish(Expr.Aggregate a, Group g, double param, EvalSeries out, long ts) {
        AggregateOp op = a.op();
        FloatHistogram h = null;
        double f = g.value;
        switch (op) {
            case AVG -> {
                if (g.hasFloat && g.hasHistogram) {
                    ev.annotations.warn("encountered a mix of histograms and floats for aggregation", a.expr());
                    return;
                }
                if (g.incompatible) {
                    return;
                }
                if (g.hasHistogram) {
                    h = g.histograms.average().compact(0);
                } else if (g.incrementalMean) {
                    f = g.mean + g.kahanC;
                } else {
                    f = g.value / g.count + g.kahanC / g.count;
                }
            }
            case COUNT -> f = g.count;
            case STDVAR -> f = g.value / g.count;
            case STDDEV -> f = Math.sqrt(g.value / g.count);
            case QUANTILE -> f = Quantiles.quantile(param, g.values, g.valueCount);
            case SUM -> {
                if (g.hasFloat && g.hasHistogram) {
                    ev.annotations.warn("encountered a mix of histograms and floats for aggregation", a.expr());
                    return;
                }
                if (g.incompatible) {
                    return;
                }
                if (g.hasHistogram) {
                    h = g.histograms.total().compact(0);
                } else {
                    f = g.value + g.kahanC;
                }
            }
            default -> {
            }
        }
        if (g.histograms != null) {
            if (g.histograms.resetSeen && g.histograms.notResetSeen) {
                ev.annotations.warn("conflicting counter resets during histogram aggregation", a.expr());
            }
            if ((g.histograms.flags & FloatHistogram.CUSTOM_BOUNDS_RECONCILED) != 0) {
                ev.annotations.info("mismatched custom buckets were reconciled during aggregation", a.expr());
            }
        }
        out.add(ts, f, h);
        out.dropName = g.dropName;
    }

    private List<EvalSeries> countValues(Expr.Aggregate a, List<String> grouping, Steps steps) {
        String label = FunctionCalls.stringArg(a.param());
        if (!FunctionCalls.isValidLabelName(label)) {
            throw new QueryException(ErrorType.EXECUTION, "invalid label name "
                    + (Evaluation.unwrap(a.param()) instanceof Expr.StringLiteral lit ? ev.annotations.literalSource(lit) : Annotations.quote(label)));
        }
        List<String> keys = new ArrayList<>(grouping);
        if (!a.without()) {
            keys.add(label);
            keys.sort(null);
        }
        List<EvalSeries> input = ev.eval(a.expr(), steps);
        return ev.stepwise(steps, List.of(input), (vectors, ts) -> {
            Map<Labels, double[]> counts = new LinkedHashMap<>();
            for (StepSample s : vectors.get(0)) {
                String value = s.isHistogram() ? HistogramText.format(s.histogram()) : GoFormat.plain(s.f());
                Labels metric = s.labels().toBuilder().set(label, value).build();
                Labels key = groupLabels(metric, keys, a.without());
                counts.computeIfAbsent(key, k -> new double[1])[0]++;
            }
            List<StepSample> out = new ArrayList<>(counts.size());
            for (Map.Entry<Labels, double[]> e : counts.entrySet()) {
                out.add(StepSample.ofFloat(e.getKey(), e.getValue()[0], false));
            }
            return out;
        });
    }
}

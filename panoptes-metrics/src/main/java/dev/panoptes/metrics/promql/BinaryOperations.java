package dev.panoptes.metrics.promql;

import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.IncompatibleHistogramsException;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.promql.Evaluation.Steps;
import dev.panoptes.metrics.promql.parser.BinaryOp;
import dev.panoptes.metrics.promql.parser.Expr;
import dev.panoptes.metrics.promql.parser.ExprType;
import dev.panoptes.metrics.promql.parser.VectorMatching;
import dev.panoptes.metrics.promql.parser.VectorMatching.Cardinality;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binary operators between scalars and vectors: arithmetic, comparisons (filtering, or 0/1 with
 * {@code bool}), {@code atan2}, and the set operators {@code and}, {@code or}, {@code unless}.
 * Vector-vector operations pair samples by their matching signature (the {@code on} labels, or
 * every label but the {@code ignoring} ones and the name), with one-to-one, many-to-one and
 * one-to-many matching and Prometheus' errors for ambiguous matches.
 */
final class BinaryOperations {

    private final Evaluation ev;

    BinaryOperations(Evaluation ev) {
        this.ev = ev;
    }

    List<EvalSeries> evaluate(Expr.Binary b, Steps steps) {
        ExprType lt = b.lhs().type();
        ExprType rt = b.rhs().type();
        List<EvalSeries> lhs = ev.eval(b.lhs(), steps);
        List<EvalSeries> rhs = ev.eval(b.rhs(), steps);
        BinaryOp op = b.op();
        if (lt == ExprType.SCALAR && rt == ExprType.SCALAR) {
            return ev.stepwise(steps, List.of(lhs, rhs), (v, ts) -> List.of(StepSample.ofFloat(Labels.empty(),
                    scalarOp(op, scalarAt(v.get(0)), scalarAt(v.get(1))), false)));
        }
        if (lt == ExprType.VECTOR && rt == ExprType.VECTOR) {
            VectorMatching matching = b.matching();
            return switch (op) {
                case AND -> ev.stepwise(steps, List.of(lhs, rhs), (v, ts) -> and(v.get(0), v.get(1), matching, false));
                case UNLESS -> ev.stepwise(steps, List.of(lhs, rhs), (v, ts) -> and(v.get(0), v.get(1), matching, true));
                case OR -> ev.stepwise(steps, List.of(lhs, rhs), (v, ts) -> or(v.get(0), v.get(1), matching));
                default -> ev.stepwise(steps, List.of(lhs, rhs), (v, ts) -> vectorOp(b, v.get(0), v.get(1), matching));
            };
        }
        boolean scalarLeft = lt == ExprType.SCALAR;
        Expr scalarSide = Evaluation.unwrap(scalarLeft ? b.lhs() : b.rhs());
        if (scalarSide instanceof Expr.NumberLiteral n) {
            // A constant scalar keeps every series' identity: map the points in place instead of
            // regrouping samples step by step.
            return vectorConstant(b, scalarLeft ? rhs : lhs, n.value(), scalarLeft);
        }
        return ev.stepwise(steps, List.of(lhs, rhs), (v, ts) -> scalarLeft
                ? vectorScalar(b, v.get(1), scalarAt(v.get(0)), true)
                : vectorScalar(b, v.get(0), scalarAt(v.get(1)), false));
    }

    private static double scalarAt(List<StepSample> v) {
        return v.isEmpty() ? Double.NaN : v.get(0).f();
    }

    static double scalarOp(BinaryOp op, double l, double r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> l / r;
            case POW -> Math.pow(l, r);
            case MOD -> l % r;
            case EQL -> l == r ? 1 : 0;
            case NEQ -> l != r ? 1 : 0;
            case GTR -> l > r ? 1 : 0;
            case LSS -> l < r ? 1 : 0;
            case GTE -> l >= r ? 1 : 0;
            case LTE -> l <= r ? 1 : 0;
            case ATAN2 -> Math.atan2(l, r);
            default -> throw new QueryException(ErrorType.EXECUTION, "operator \"" + op.symbol() + "\" not allowed for Scalar operations");
        };
    }

    private static boolean changesMetricSchema(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, DIV, MUL, POW, MOD, ATAN2 -> true;
            default -> false;
        };
    }

    /** The result of one element operation: value, whether the sample is kept. */
    private static final class ElementResult {
        double f;
        FloatHistogram h;
        boolean keep;
    }

    private final ElementResult element = new ElementResult();

    /** Applies {@code op} to one pair; false (with an annotation) when the types do not combine. */
    private boolean elementOp(Expr.Binary b, double l, double r, FloatHistogram hl, FloatHistogram hr) {
        BinaryOp op = b.op();
        ElementResult e = element;
        e.h = null;
        e.keep = true;
        if (hl == null && hr == null) {
            switch (op) {
                case ADD -> e.f = l + r;
                case SUB -> e.f = l - r;
                case MUL -> e.f = l * r;
                case DIV -> e.f = l / r;
                case POW -> e.f = Math.pow(l, r);
                case MOD -> e.f = l % r;
                case ATAN2 -> e.f = Math.atan2(l, r);
                case EQL -> compare(e, l, l == r);
                case NEQ -> compare(e, l, l != r);
                case GTR -> compare(e, l, l > r);
                case LSS -> compare(e, l, l < r);
                case GTE -> compare(e, l, l >= r);
                case LTE -> compare(e, l, l <= r);
                case TRIM_UPPER, TRIM_LOWER -> {
                    return incompatible(b, "float", "float");
                }
                default -> throw new IllegalStateException("set operator in element operation");
            }
            return true;
        }
        if (hl == null) {
            if (op == BinaryOp.MUL) {
                e.h = hr.copy().mul(l).compact(0);
                return true;
            }
            return incompatible(b, "float", "histogram");
        }
        if (hr == null) {
            switch (op) {
                case MUL -> e.h = hl.copy().mul(r).compact(0);
                case DIV -> e.h = hl.copy().div(r).compact(0);
                // Trimming changes which observations are counted, not what they measure: the
                // name stays (changesMetricSchema is false for it).
                case TRIM_UPPER -> e.h = hl.copy().trimBuckets(r, true);
                case TRIM_LOWER -> e.h = hl.copy().trimBuckets(r, false);
                default -> {
                    return incompatible(b, "histogram", "float");
                }
            }
            return true;
        }
        switch (op) {
            case ADD, SUB -> {
                FloatHistogram res = hl.copy();
                try {
                    int flags = op == BinaryOp.ADD ? res.add(hr) : res.sub(hr);
                    String what = op == BinaryOp.ADD ? "addition" : "subtraction";
                    if ((flags & FloatHistogram.COUNTER_RESET_COLLISION) != 0) {
                        ev.annotations.warn("conflicting counter resets during histogram " + what, b);
                    }
                    if ((flags & FloatHistogram.CUSTOM_BOUNDS_RECONCILED) != 0) {
                        ev.annotations.info("mismatched custom buckets were reconciled during " + what, b);
                    }
                } catch (IncompatibleHistogramsException ex) {
                    ev.annotations.warn("incompatible bucket layout encountered for binary operator " + op.symbol(), b);
                    return false;
                }
                if (op == BinaryOp.SUB) {
                    res.counterResetHint(CounterResetHint.GAUGE);
                }
                e.h = res.compact(0);
                return true;
            }
            case EQL, NEQ -> {
                boolean equal = HistogramEquality.equal(hl, hr);
                e.h = hl;
                e.keep = op == BinaryOp.EQL ? equal : !equal;
                return true;
            }
            default -> {
                return incompatible(b, "histogram", "histogram");
            }
        }
    }

    private static void compare(ElementResult e, double l, boolean result) {
        e.f = l;
        e.keep = result;
    }

    private boolean incompatible(Expr.Binary b, String left, String right) {
        String op = b.op().symbol();
        ev.annotations.info("incompatible sample types encountered for binary operator " + Annotations.quote(op) + ": "
                + left + " " + op + " " + right, b);
        return false;
    }

    private List<StepSample> vectorScalar(Expr.Binary b, List<StepSample> vector, double scalar, boolean swap) {
        List<StepSample> out = new ArrayList<>(vector.size());
        BinaryOp op = b.op();
        for (StepSample s : vector) {
            double l = s.f();
            double r = scalar;
            FloatHistogram hl = s.histogram();
            FloatHistogram hr = null;
            if (swap) {
                l = scalar;
                r = s.f();
                hr = hl;
                hl = null;
            }
            if (!elementOp(b, l, r, hl, hr)) {
                continue;
            }
            double f = element.f;
            FloatHistogram h = element.h;
            boolean keep = element.keep;
            if (op.isComparison() && swap) {
                f = r;
                h = hr;
            }
            if (b.returnBool()) {
                f = keep ? 1 : 0;
                h = null;
                keep = true;
            }
            if (keep) {
                out.add(new StepSample(s.labels(), f, h, s.dropName() || changesMetricSchema(op) || b.returnBool()));
            }
        }
        return out;
    }

    /**
     * {@code vector op constant} (or {@code constant op vector}) series by series: each point goes
     * through the same element operation as {@link #vectorScalar}, points that a comparison
     * filters out are dropped, and the series keeps its labels.
     */
    private List<EvalSeries> vectorConstant(Expr.Binary b, List<EvalSeries> vector, double scalar, boolean swap) {
        BinaryOp op = b.op();
        boolean drop = changesMetricSchema(op) || b.returnBool();
        List<EvalSeries> out = new ArrayList<>(vector.size());
        for (EvalSeries s : vector) {
            int nf = 0;
            for (int i = 0; i < s.floatCount; i++) {
                double v = s.floats[i];
                double l = swap ? scalar : v;
                double r = swap ? v : scalar;
                if (!elementOp(b, l, r, null, null)) {
                    continue;
                }
                double f = op.isComparison() && swap ? r : element.f;
                boolean keep = element.keep;
                if (b.returnBool()) {
                    f = keep ? 1 : 0;
                    keep = true;
                }
                if (keep) {
                    s.floatTimes[nf] = s.floatTimes[i];
                    s.floats[nf++] = f;
                }
            }
            int removedFloats = s.floatCount - nf;
            s.floatCount = nf;
            long[] keptTimes = new long[s.histogramCount];
            FloatHistogram[] keptHistograms = new FloatHistogram[s.histogramCount];
            int nh = 0;
            for (int i = 0; i < s.histogramCount; i++) {
                FloatHistogram h = s.histograms[i];
                if (!elementOp(b, swap ? scalar : Double.NaN, swap ? Double.NaN : scalar, swap ? null : h, swap ? h : null)) {
                    continue;
                }
                double f = element.f;
                FloatHistogram result = element.h;
                boolean keep = element.keep;
                if (op.isComparison() && swap) {
                    result = h;
                }
                if (b.returnBool()) {
                    f = keep ? 1 : 0;
                    result = null;
                    keep = true;
                }
                if (!keep) {
                    continue;
                }
                if (result == null) {
                    // A histogram that became a float (bool comparison): keep time order by inserting.
                    insertFloat(s, s.histogramTimes[i], f);
                } else {
                    keptTimes[nh] = s.histogramTimes[i];
                    keptHistograms[nh++] = result;
                }
            }
            s.histogramTimes = keptTimes;
            s.histograms = keptHistograms;
            s.histogramCount = nh;
            ev.budget.release(removedFloats);
            if (drop) {
                s.dropName = true;
            }
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static void insertFloat(EvalSeries s, long t, double f) {
        s.addFloat(t, f);
        for (int i = s.floatCount - 1; i > 0 && s.floatTimes[i - 1] > t; i--) {
            long tt = s.floatTimes[i];
            s.floatTimes[i] = s.floatTimes[i - 1];
            s.floatTimes[i - 1] = tt;
            double ff = s.floats[i];
            s.floats[i] = s.floats[i - 1];
            s.floats[i - 1] = ff;
        }
    }

    /** The labels that identify a sample's match group. */
    static Labels signature(Labels labels, VectorMatching m) {
        if (m == null) {
            return labels.withoutMetricName();
        }
        if (m.on()) {
            return labels.keepOnly(m.labels());
        }
        List<String> drop = new ArrayList<>(m.labels().size() + 1);
        drop.addAll(m.labels());
        drop.add(Labels.METRIC_NAME);
        return labels.without(drop);
    }

    private static List<StepSample> and(List<StepSample> lhs, List<StepSample> rhs, VectorMatching m, boolean unless) {
        if (lhs.isEmpty()) {
            return List.of();
        }
        if (rhs.isEmpty()) {
            return unless ? new ArrayList<>(lhs) : List.of();
        }
        Set<Labels> right = new HashSet<>();
        for (StepSample s : rhs) {
            right.add(signature(s.labels(), m));
        }
        List<StepSample> out = new ArrayList<>();
        for (StepSample s : lhs) {
            if (right.contains(signature(s.labels(), m)) != unless) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<StepSample> or(List<StepSample> lhs, List<StepSample> rhs, VectorMatching m) {
        if (lhs.isEmpty()) {
            return new ArrayList<>(rhs);
        }
        if (rhs.isEmpty()) {
            return new ArrayList<>(lhs);
        }
        Set<Labels> left = new HashSet<>();
        List<StepSample> out = new ArrayList<>(lhs);
        for (StepSample s : lhs) {
            left.add(signature(s.labels(), m));
        }
        for (StepSample s : rhs) {
            if (!left.contains(signature(s.labels(), m))) {
                out.add(s);
            }
        }
        return out;
    }

    private List<StepSample> vectorOp(Expr.Binary b, List<StepSample> lhs, List<StepSample> rhs, VectorMatching m) {
        Double fillLeft = Fill.left(m);
        Double fillRight = Fill.right(m);
        if ((lhs.isEmpty() && rhs.isEmpty()) || ((lhs.isEmpty() || rhs.isEmpty()) && fillLeft == null && fillRight == null)) {
            return List.of();
        }
        Cardinality card = m == null ? Cardinality.ONE_TO_ONE : m.cardinality();
        boolean swapped = card == Cardinality.ONE_TO_MANY;
        if (swapped) {
            // The sides swap so that the "one" side is on the right; the fill values do not:
            // fill_left then fills for unmatched samples of the "one" side, as in Prometheus.
            List<StepSample> t = lhs;
            lhs = rhs;
            rhs = t;
        }
        Map<Labels, StepSample> right = new HashMap<>();
        for (StepSample rs : rhs) {
            Labels sig = signature(rs.labels(), m);
            StepSample dup = right.put(sig, rs);
            if (dup != null) {
                String one = rs.labels().toString();
                String two = dup.labels().toString();
                if (one.compareTo(two) > 0) {
                    String t = one;
                    one = two;
                    two = t;
                }
                throw new QueryException(ErrorType.EXECUTION, "found duplicate series for the match group " + matchLabels(rs.labels(), m)
                        + " on the " + (swapped ? "left" : "right") + " hand-side of the operation: [" + one + ", " + two + "]"
                        + ";many-to-many matching not allowed: matching labels must be unique on one side");
            }
        }
        Set<Labels> matchedOneToOne = new HashSet<>();
        Map<Labels, Set<Labels>> matchedMany = new HashMap<>();
        List<StepSample> out = new ArrayList<>();
        for (StepSample ls : lhs) {
            Labels sig = signature(ls.labels(), m);
            StepSample rs = right.get(sig);
            if (rs == null) {
                if (fillRight == null) {
                    continue;
                }
                rs = new StepSample(matchLabelsSet(ls.labels(), m), fillRight, null, false);
            }
            binop(b, ls, rs, sig, card, swapped, matchedOneToOne, matchedMany, out);
        }
        if (fillLeft != null) {
            for (StepSample rs : rhs) {
                Labels sig = signature(rs.labels(), m);
                if (card == Cardinality.ONE_TO_ONE ? matchedOneToOne.contains(sig) : matchedMany.containsKey(sig)) {
                    continue;
                }
                StepSample ls = new StepSample(matchLabelsSet(rs.labels(), m), fillLeft, null, false);
                binop(b, ls, rs, sig, card, swapped, matchedOneToOne, matchedMany, out);
            }
        }
        return out;
    }

    private void binop(Expr.Binary b, StepSample ls, StepSample rs, Labels sig, Cardinality card, boolean swapped,
            Set<Labels> matchedOneToOne, Map<Labels, Set<Labels>> matchedMany, List<StepSample> out) {
        double fl = ls.f();
        double fr = rs.f();
        FloatHistogram hl = ls.histogram();
        FloatHistogram hr = rs.histogram();
        if (swapped) {
            fl = rs.f();
            fr = ls.f();
            hl = rs.histogram();
            hr = ls.histogram();
        }
        boolean ok = elementOp(b, fl, fr, hl, hr);
        double f = element.f;
        FloatHistogram h = element.h;
        boolean keep = element.keep;
        if (b.returnBool()) {
            h = null;
            f = keep ? 1 : 0;
        }
        Labels metric = resultMetric(ls.labels(), rs.labels(), b.op(), b.matching());
        if (card == Cardinality.ONE_TO_ONE) {
            if (!matchedOneToOne.add(sig)) {
                throw new QueryException(ErrorType.EXECUTION, "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
            }
        } else {
            Set<Labels> inserted = matchedMany.computeIfAbsent(sig, k -> new HashSet<>());
            if (!inserted.add(metric)) {
                throw new QueryException(ErrorType.EXECUTION, "multiple matches for labels: grouping labels must ensure unique matches");
            }
        }
        if (!ok || (!keep && !b.returnBool())) {
            return;
        }
        out.add(new StepSample(metric, f, h, b.returnBool()));
    }

    private static Labels resultMetric(Labels lhs, Labels rhs, BinaryOp op, VectorMatching m) {
        Labels.Builder lb = lhs.toBuilder();
        if (changesMetricSchema(op)) {
            lb.remove(Labels.METRIC_NAME);
            lb.remove("__type__");
            lb.remove("__unit__");
        }
        if (m != null && m.cardinality() == Cardinality.ONE_TO_ONE) {
            if (m.on()) {
                Labels kept = lb.build().keepOnly(m.labels());
                lb = kept.toBuilder();
            } else {
                for (String l : m.labels()) {
                    lb.remove(l);
                }
            }
        }
        if (m != null) {
            for (String l : m.include()) {
                String v = rhs.get(l);
                if (v != null && !v.isEmpty()) {
                    lb.set(l, v);
                } else {
                    lb.remove(l);
                }
            }
        }
        return lb.build();
    }

    private static Labels matchLabelsSet(Labels labels, VectorMatching m) {
        return signature(labels, m);
    }

    private static String matchLabels(Labels labels, VectorMatching m) {
        return signature(labels, m).toString();
    }
}

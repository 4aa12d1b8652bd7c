package dev.panoptes.metrics.promql;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.labels.MatchType;
import dev.panoptes.core.labels.RegexTemplate;
import dev.panoptes.metrics.promql.Evaluation.Steps;
import dev.panoptes.metrics.promql.parser.Expr;
import dev.panoptes.metrics.promql.parser.ExprType;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.Series;
import dev.panoptes.metrics.storage.SeriesSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Function calls: those over range vectors run series by series, window by window, through
 * {@link RangeFunctions}; those over instant vectors run step by step through {@link
 * InstantFunctions}; a few ({@code label_replace}, {@code label_join}, {@code timestamp} of a
 * selector, {@code absent}) need the whole series and are handled here.
 */
final class FunctionCalls {

    private final Evaluation ev;

    FunctionCalls(Evaluation ev) {
        this.ev = ev;
    }

    List<EvalSeries> evaluate(Expr.Call call, Steps steps) {
        String name = call.function().name();
        List<Expr> args = call.args();
        switch (name) {
            case "label_replace":
                return labelReplace(args, steps);
            case "label_join":
                return labelJoin(args, steps);
            case "info":
                return new InfoFunction(ev).evaluate(call, steps);
            case "time":
                return timeSteps(steps);
            case "pi":
                return Evaluation.constant(Math.PI, steps);
            case "start":
                return Evaluation.constant(ev.queryStart / 1000.0, steps);
            case "end":
                return Evaluation.constant(ev.queryEnd / 1000.0, steps);
            case "range":
                return Evaluation.constant((ev.queryEnd - ev.queryStart) / 1000.0, steps);
            case "step":
                return Evaluation.constant(ev.queryStart == ev.queryEnd ? 0 : ev.queryStep / 1000.0, steps);
            case "min_of", "max_of":
                return minMaxOf(name.equals("max_of"), args, steps);
            case "timestamp":
                if (Evaluation.unwrap(args.get(0)) instanceof Expr.VectorSelector vs) {
                    return timestampOfSelector(vs, steps, false);
                }
                break;
            case "start_timestamp":
                if (ev.settings.useStartTimestamps() && Evaluation.unwrap(args.get(0)) instanceof Expr.VectorSelector vs) {
                    return timestampOfSelector(vs, steps, true);
                }
                // Only samples straight from storage have start timestamps; a computed argument has none.
                return evaluatedToNothing(args.get(0), steps);
            default:
                break;
        }
        if ((name.equals("sort") || name.startsWith("sort_")) && steps.count() > 1) {
            ev.annotations.warn("sort is ineffective for range queries since results are always ordered by labels", call);
        }
        int matrixArg = -1;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).type() == ExprType.MATRIX) {
                matrixArg = i;
                break;
            }
        }
        if (matrixArg >= 0) {
            return rangeCall(call, matrixArg, steps);
        }
        java.util.function.DoubleUnaryOperator pointwise = InstantFunctions.pointwise(name);
        if (pointwise != null) {
            return mapFloats(ev.eval(args.get(0), steps), pointwise);
        }
        List<List<EvalSeries>> inputs = new ArrayList<>();
        for (Expr arg : args) {
            inputs.add(arg.type() == ExprType.STRING ? List.of() : ev.eval(arg, steps));
        }
        if (args.isEmpty() && InstantFunctions.takesTimeByDefault(name)) {
            inputs.add(timeSteps(steps));
        }
        InstantFunctions functions = new InstantFunctions(ev, call);
        return ev.stepwise(steps, inputs, functions::apply);
    }

    private List<EvalSeries> rangeCall(Expr.Call call, int matrixArg, Steps steps) {
        String name = call.function().name();
        List<Expr> args = call.args();
        Expr arg = args.get(matrixArg);
        double[] p0 = null;
        double[] p1 = null;
        for (int i = 0, k = 0; i < args.size(); i++) {
            if (i != matrixArg) {
                double[] values = ev.scalarSteps(args.get(i), steps);
                if (k++ == 0) {
                    p0 = values;
                } else {
                    p1 = values;
                }
            }
        }
        Expr.MatrixSelector ms = Evaluation.unwrap(arg) instanceof Expr.MatrixSelector m ? m : null;
        boolean anchored = ms != null && ms.anchored();
        boolean smoothed = ms != null && ms.smoothed();
        if (anchored && !ExtendedRates.anchoredSafe(name)) {
            throw new QueryException(ErrorType.EXECUTION, "anchored modifier can only be used with: " + ExtendedRates.ANCHORED_SAFE + " - not with " + name);
        }
        if (smoothed && !ExtendedRates.smoothedSafe(name)) {
            throw new QueryException(ErrorType.EXECUTION, "smoothed modifier can only be used with: " + ExtendedRates.SMOOTHED_SAFE + " - not with " + name);
        }
        Expr node = ms != null ? ms.selector() : arg;
        RangeVectors vectors = new RangeVectors(ev);
        RangeVectors.Source source;
        if (ms != null && ev.settings.parallelism() > 1) {
            RangeVectors.Selection selection = vectors.select(ms, steps, name);
            Selectors selectors = new Selectors(ev);
            List<Series> all = selectors.collect(selection.set());
            if (SeriesSplit.worthSplitting(ev.settings, all.size()) && ev.budget.seriesFit(all.size())) {
                selectors.addWarnings(selection.set());
                List<EvalSeries> out = new RangeCallSplit(ev, name, steps, selection, all, p0, p1, node).run();
                return name.equals("absent_over_time") ? absentOverTime(out, arg, steps) : out;
            }
            source = vectors.load(selection, Selectors.listed(all, selection.set()));
        } else {
            source = vectors.source(arg, steps, name);
        }
        WindowWalk walk = new WindowWalk(name, steps, source.range, source.offset, source.at, anchored, smoothed, ev.lookbackMillis(),
                p0, p1, node, ev.annotations);
        List<EvalSeries> out = new ArrayList<>();
        for (EvalSeries s : source.series) {
            ev.checkLive();
            EvalSeries result = walk.apply(s);
            ev.budget.release(s.sampleCost());
            if (!result.isEmpty()) {
                ev.budget.add(result.sampleCost());
                out.add(result);
            }
            walk.noteCounterName(s, result);
        }
        if (name.equals("absent_over_time")) {
            return absentOverTime(out, arg, steps);
        }
        return out;
    }

    /** A float function series by series: histograms are dropped, the name marked for removal. */
    private List<EvalSeries> mapFloats(List<EvalSeries> in, java.util.function.DoubleUnaryOperator f) {
        List<EvalSeries> out = new ArrayList<>(in.size());
        for (EvalSeries s : in) {
            for (int i = 0; i < s.floatCount; i++) {
                s.floats[i] = f.applyAsDouble(s.floats[i]);
            }
            ev.budget.release(s.sampleCost() - s.floatCount);
            s.histogramCount = 0;
            s.dropName = true;
            if (s.floatCount > 0) {
                out.add(s);
            }
        }
        return out;
    }

    private List<EvalSeries> minMaxOf(boolean max, List<Expr> args, Steps steps) {
        double[] a = ev.scalarSteps(args.get(0), steps);
        double[] b = ev.scalarSteps(args.get(1), steps);
        EvalSeries s = new EvalSeries(Labels.empty(), false);
        int i = 0;
        for (long ts = steps.start(); ts <= steps.end(); ts += steps.interval(), i++) {
            s.addFloat(ts, max ? Math.max(a[i], b[i]) : Math.min(a[i], b[i]));
        }
        return List.of(s);
    }

    private List<EvalSeries> absentOverTime(List<EvalSeries> present, Expr arg, Steps steps) {
        Set<Long> found = new HashSet<>();
        for (EvalSeries s : present) {
            for (int i = 0; i < s.floatCount; i++) {
                found.add(s.floatTimes[i]);
            }
            for (int i = 0; i < s.histogramCount; i++) {
                found.add(s.histogramTimes[i]);
            }
        }
        EvalSeries absent = new EvalSeries(absentLabels(arg), true);
        for (long ts = steps.start(); ts <= steps.end(); ts += steps.interval()) {
            if (!found.contains(ts)) {
                absent.addFloat(ts, 1);
            }
        }
        return absent.isEmpty() ? List.of() : List.of(absent);
    }

    /** The labels {@code absent} gives its answer: the selector's equality matchers, except names matched more than once. */
    static Labels absentLabels(Expr arg) {
        Expr e = Evaluation.unwrap(arg);
        List<LabelMatcher> matchers;
        if (e instanceof Expr.VectorSelector vs) {
            matchers = vs.matchers();
        } else if (e instanceof Expr.MatrixSelector ms) {
            matchers = ms.selector().matchers();
        } else {
            return Labels.empty();
        }
        Labels.Builder b = Labels.builder();
        Set<String> has = new HashSet<>();
        for (LabelMatcher m : matchers) {
            if (m.name().equals(Labels.METRIC_NAME)) {
                continue;
            }
            if (m.type() == MatchType.EQUAL && !has.contains(m.name())) {
                b.set(m.name(), m.value());
                has.add(m.name());
            } else {
                b.remove(m.name());
            }
        }
        return b.build();
    }

    private static List<EvalSeries> timeSteps(Steps steps) {
        EvalSeries s = new EvalSeries(Labels.empty(), false);
        for (long ts = steps.start(); ts <= steps.end(); ts += steps.interval()) {
            s.addFloat(ts, ts / 1000.0);
        }
        return List.of(s);
    }

    /**
     * {@code timestamp(selector)}: the timestamp of the sample each step picked, not the step;
     * with {@code starts}, {@code start_timestamp(selector)}: that sample's start timestamp (0 when
     * it has none).
     */
    private List<EvalSeries> timestampOfSelector(Expr.VectorSelector vs, Steps steps, boolean starts) {
        long at = ev.atTime(vs.at());
        long offset = Offsets.of(vs, ev);
        long lookback = ev.lookbackMillis();
        long firstRef = (at == Long.MIN_VALUE ? steps.start() : at) - offset;
        long lastRef = (at == Long.MIN_VALUE ? steps.end() : at) - offset;
        Selectors selectors = new Selectors(ev);
        SeriesSet set = selectors.select(vs, firstRef - lookback, lastRef, steps, 0, starts ? "start_timestamp" : "timestamp");
        List<EvalSeries> out = new ArrayList<>();
        SampleIterator it = null;
        while (set.next()) {
            Series series = set.at();
            it = series.iterator(it);
            EvalSeries raw = selectors.load(series, it, firstRef - lookback + 1, lastRef, true, starts);
            EvalSeries result = new EvalSeries(series.labels(), true);
            MergedPoints points = MergedPoints.of(raw);
            int i = -1;
            for (long ts = steps.start(); ts <= steps.end(); ts += steps.interval()) {
                long ref = (at == Long.MIN_VALUE ? ts : at) - offset;
                while (i + 1 < points.times.length && points.times[i + 1] <= ref) {
                    i++;
                }
                if (i >= 0 && points.times[i] > ref - lookback && !points.stale[i]) {
                    result.addFloat(ts, (starts ? points.starts[i] : points.times[i]) / 1000.0);
                }
            }
            ev.budget.release(raw.sampleCost());
            if (!result.isEmpty()) {
                ev.budget.add(result.sampleCost());
                out.add(result);
            }
        }
        return out;
    }

    /** Evaluates {@code arg} for its errors and annotations, and answers nothing. */
    private List<EvalSeries> evaluatedToNothing(Expr arg, Steps steps) {
        for (EvalSeries s : ev.eval(arg, steps)) {
            ev.budget.release(s.sampleCost());
        }
        return List.of();
    }

    /** A series' float and histogram points merged in time order: times, start timestamps, staleness. */
    private record MergedPoints(long[] times, long[] starts, boolean[] stale) {
        static MergedPoints of(EvalSeries raw) {
            int n = raw.floatCount + raw.histogramCount;
            long[] times = new long[n];
            long[] starts = new long[n];
            boolean[] stale = new boolean[n];
            int fi = 0;
            int hi = 0;
            for (int k = 0; k < n; k++) {
                if (hi >= raw.histogramCount || (fi < raw.floatCount && raw.floatTimes[fi] <= raw.histogramTimes[hi])) {
                    times[k] = raw.floatTimes[fi];
                    starts[k] = raw.floatStart(fi);
                    stale[k] = Evaluation.isStale(raw.floats[fi]);
                    fi++;
                } else {
                    times[k] = raw.histogramTimes[hi];
                    starts[k] = raw.histogramStart(hi);
                    stale[k] = Evaluation.isStale(raw.histograms[hi]);
                    hi++;
                }
            }
            return new MergedPoints(times, starts, stale);
        }
    }

    private List<EvalSeries> labelReplace(List<Expr> args, Steps steps) {
        String dst = stringArg(args.get(1));
        String replacement = stringArg(args.get(2));
        String src = stringArg(args.get(3));
        String regex = stringArg(args.get(4));
        Pattern pattern;
        try {
            pattern = Pattern.compile("^(?s:" + regex + ")$");
        } catch (PatternSyntaxException e) {
            throw new QueryException(ErrorType.EXECUTION, "invalid regular expression in label_replace(): " + regex);
        }
        if (!isValidLabelName(dst)) {
            throw new QueryException(ErrorType.EXECUTION, "invalid destination label name in label_replace(): " + dst);
        }
        List<EvalSeries> in = ev.eval(args.get(0), steps);
        for (EvalSeries s : in) {
            String value = s.labels.get(src);
            Matcher m = pattern.matcher(value == null ? "" : value);
            if (m.matches()) {
                String result = RegexTemplate.expand(m, replacement);
                s.labels = withLabel(s.labels, dst, result);
                if (dst.equals(Labels.METRIC_NAME)) {
                    s.dropName = false;
                }
            }
        }
        return mergeKeepingMarks(in);
    }

    private List<EvalSeries> labelJoin(List<Expr> args, Steps steps) {
        String dst = stringArg(args.get(1));
        String separator = stringArg(args.get(2));
        List<String> sources = new ArrayList<>();
        for (int i = 3; i < args.size(); i++) {
            String src = stringArg(args.get(i));
            if (!isValidLabelName(src)) {
                throw new QueryException(ErrorType.EXECUTION, "invalid source label name in label_join(): " + src);
            }
            sources.add(src);
        }
        if (!isValidLabelName(dst)) {
            throw new QueryException(ErrorType.EXECUTION, "invalid destination label name in label_join(): " + dst);
        }
        List<EvalSeries> in = ev.eval(args.get(0), steps);
        for (EvalSeries s : in) {
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < sources.size(); i++) {
                if (i > 0) {
                    joined.append(separator);
                }
                String v = s.labels.get(sources.get(i));
                joined.append(v == null ? "" : v);
            }
            s.labels = withLabel(s.labels, dst, joined.toString());
            if (dst.equals(Labels.METRIC_NAME)) {
                s.dropName = false;
            }
        }
        return mergeKeepingMarks(in);
    }

    /**
     * Series that now share labels merge (or collide, when their points overlap), as after name
     * removal; a merged series keeps the removal mark of its first part.
     */
    private static List<EvalSeries> mergeKeepingMarks(List<EvalSeries> in) {
        java.util.Map<Labels, List<EvalSeries>> groups = new java.util.LinkedHashMap<>();
        for (EvalSeries s : in) {
            groups.computeIfAbsent(s.labels, k -> new ArrayList<>(1)).add(s);
        }
        if (groups.size() == in.size()) {
            return in;
        }
        List<EvalSeries> merged = new ArrayList<>(groups.size());
        for (List<EvalSeries> g : groups.values()) {
            if (g.size() == 1) {
                merged.add(g.get(0));
                continue;
            }
            boolean drop = g.get(0).dropName;
            EvalSeries one = NameRemoval.mergeSameLabels(new ArrayList<>(g)).get(0);
            one.dropName = drop;
            merged.add(one);
        }
        return merged;
    }

    private static Labels withLabel(Labels labels, String name, String value) {
        Labels.Builder b = labels.toBuilder();
        if (value.isEmpty()) {
            b.remove(name);
        } else {
            b.set(name, value);
        }
        return b.build();
    }

    static String stringArg(Expr e) {
        Expr u = Evaluation.unwrap(e);
        if (u instanceof Expr.StringLiteral s) {
            return s.value();
        }
        throw new QueryException(ErrorType.BAD_DATA, "expected a string literal");
    }

    /**
     * A label name as Prometheus 3 accepts it: any non-empty valid UTF-8. Invalid bytes written
     * as escapes reach here as lone surrogates (see the parser's string decoding), so they fail.
     */
    static boolean isValidLabelName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}

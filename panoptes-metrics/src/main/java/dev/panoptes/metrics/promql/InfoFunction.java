package dev.panoptes.metrics.promql;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.labels.MatchType;
import dev.panoptes.metrics.promql.Evaluation.Steps;
import dev.panoptes.metrics.promql.parser.At;
import dev.panoptes.metrics.promql.parser.Expr;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.Series;
import dev.panoptes.metrics.storage.SeriesSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code info(v, {selector})}: enriches each series of {@code v} with the data labels of the info
 * series ({@code target_info} by default, or those the selector names) that share its
 * identifying labels {@code instance} and {@code job}, at each step. The info series are read
 * with only the identifying values the input actually has, so the lookup stays narrow.
 */
final class InfoFunction {

    private static final List<String> IDENTIFYING = List.of("instance", "job");
    private static final String TARGET_INFO = "target_info";

    private final Evaluation ev;

    InfoFunction(Evaluation ev) {
        this.ev = ev;
    }

    List<EvalSeries> evaluate(Expr.Call call, Steps steps) {
        List<Expr> args = call.args();
        Anchor first = anchor(args.get(0), List.of());
        List<EvalSeries> base = ev.eval(args.get(0), steps);
        Map<String, List<LabelMatcher>> dataMatchers = new LinkedHashMap<>();
        List<LabelMatcher> nameMatchers = new ArrayList<>();
        if (args.size() > 1) {
            Expr.VectorSelector selector = (Expr.VectorSelector) Evaluation.unwrap(args.get(1));
            for (LabelMatcher m : selector.matchers()) {
                dataMatchers.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
                if (m.name().equals(Labels.METRIC_NAME)) {
                    nameMatchers.add(m);
                }
            }
        } else {
            nameMatchers.add(LabelMatcher.equal(Labels.METRIC_NAME, TARGET_INFO));
        }
        List<LabelMatcher> effectiveNames = effectiveNameMatchers(nameMatchers);
        Set<EvalSeries> ignore = new HashSet<>();
        for (EvalSeries s : base) {
            String name = s.labels.metricName();
            boolean all = true;
            for (LabelMatcher m : effectiveNames) {
                all &= m.matches(name == null ? "" : name);
            }
            if (all) {
                ignore.add(s);
            }
        }
        List<EvalSeries> info = fetch(base, ignore, dataMatchers, first, steps);
        return combine(base, info, ignore, dataMatchers, steps);
    }

    /** Where the info series are read: the first selector's {@code @} and offset, or those of the subqueries around it. */
    private record Anchor(At at, long offset) {
    }

    /** The first vector selector in {@code e}, with the subqueries on the way to it (outermost first). */
    private static Anchor anchor(Expr e, List<Expr.Subquery> path) {
        return switch (e) {
            case Expr.VectorSelector vs -> {
                At at = vs.at();
                long offset = vs.offsetMillis();
                for (int i = path.size() - 1; at == null && i >= 0; i--) {
                    offset += path.get(i).offsetMillis();
                    at = path.get(i).at();
                }
                yield new Anchor(at, offset);
            }
            case Expr.MatrixSelector ms -> anchor(ms.selector(), path);
            case Expr.Paren p -> anchor(p.expr(), path);
            case Expr.Unary u -> anchor(u.expr(), path);
            case Expr.Subquery sq -> {
                List<Expr.Subquery> inner = new ArrayList<>(path);
                inner.add(sq);
                yield anchor(sq.expr(), inner);
            }
            case Expr.Binary b -> {
                Anchor l = anchor(b.lhs(), path);
                yield l != null ? l : anchor(b.rhs(), path);
            }
            case Expr.Aggregate a -> {
                Anchor p = a.param() == null ? null : anchor(a.param(), path);
                yield p != null ? p : anchor(a.expr(), path);
            }
            case Expr.Call c -> {
                for (Expr arg : c.args()) {
                    Anchor found = anchor(arg, path);
                    if (found != null) {
                        yield found;
                    }
                }
                yield null;
            }
            default -> null;
        };
    }

    private static List<LabelMatcher> effectiveNameMatchers(List<LabelMatcher> matchers) {
        for (LabelMatcher m : matchers) {
            if (m.type() == MatchType.EQUAL || m.type() == MatchType.REGEX) {
                return matchers;
            }
        }
        if (!matchers.isEmpty()) {
            List<LabelMatcher> out = new ArrayList<>();
            out.add(LabelMatcher.regex(Labels.METRIC_NAME, ".+_info"));
            out.addAll(matchers);
            return out;
        }
        return List.of(LabelMatcher.equal(Labels.METRIC_NAME, TARGET_INFO));
    }

    private List<EvalSeries> fetch(List<EvalSeries> base, Set<EvalSeries> ignore, Map<String, List<LabelMatcher>> dataMatchers,
            Anchor first, Steps steps) {
        Map<String, Set<String>> idValues = new LinkedHashMap<>();
        for (EvalSeries s : base) {
            if (ignore.contains(s)) {
                continue;
            }
            for (String l : IDENTIFYING) {
                String v = s.labels.get(l);
                if (v != null && !v.isEmpty()) {
                    idValues.computeIfAbsent(l, k -> new LinkedHashSet<>()).add(v);
                }
            }
        }
        List<LabelMatcher> nameMatchers = new ArrayList<>();
        List<LabelMatcher> matchers = new ArrayList<>();
        for (List<LabelMatcher> ms : dataMatchers.values()) {
            for (LabelMatcher m : ms) {
                if (m.name().equals(Labels.METRIC_NAME)) {
                    nameMatchers.add(m);
                } else {
                    matchers.add(m);
                }
            }
        }
        dataMatchers.remove(Labels.METRIC_NAME);
        if (idValues.isEmpty()) {
            return List.of();
        }
        for (Map.Entry<String, Set<String>> e : idValues.entrySet()) {
            StringBuilder re = new StringBuilder();
            for (String v : e.getValue()) {
                if (!re.isEmpty()) {
                    re.append('|');
                }
                re.append(quoteMeta(v));
            }
            matchers.add(LabelMatcher.regex(e.getKey(), re.toString()));
        }
        matchers.addAll(effectiveNameMatchers(nameMatchers));
        long at = first == null ? Long.MIN_VALUE : ev.atTime(first.at());
        long offset = first == null ? 0 : first.offset();
        long lookback = ev.lookbackMillis();
        long start = (at == Long.MIN_VALUE ? steps.start() : at) - offset;
        long end = (at == Long.MIN_VALUE ? steps.end() : at) - offset;
        Expr.VectorSelector infoSelector = new Expr.VectorSelector(null, matchers, offset, first == null ? null : first.at());
        Selectors selectors = new Selectors(ev);
        SeriesSet set = selectors.select(infoSelector, start - lookback + 1, end, steps, 0, "info");
        List<EvalSeries> out = new ArrayList<>();
        SampleIterator it = null;
        while (set.next()) {
            Series series = set.at();
            it = series.iterator(it);
            EvalSeries raw = selectors.load(series, it, start - lookback + 1, end, true);
            EvalSeries result = new EvalSeries(series.labels(), false);
            int i = -1;
            for (long ts = steps.start(); ts <= steps.end(); ts += steps.interval()) {
                long ref = (at == Long.MIN_VALUE ? ts : at) - offset;
                while (i + 1 < raw.floatCount && raw.floatTimes[i + 1] <= ref) {
                    i++;
                }
                if (raw.histogramCount > 0 && raw.histogramTimes[0] <= ref && raw.histogramTimes[raw.histogramCount - 1] > ref - lookback) {
                    throw new QueryException(ErrorType.EXECUTION, "this should be an info metric, with float samples: " + series.labels());
                }
                if (i >= 0 && raw.floatTimes[i] > ref - lookback && !Evaluation.isStale(raw.floats[i])) {
                    // The value carries the sample's own timestamp: the newest info sample wins.
                    result.addFloat(ts, raw.floatTimes[i]);
                }
            }
            ev.budget.release(raw.sampleCost());
            if (!result.isEmpty()) {
                out.add(result);
            }
        }
        return out;
    }

    private static String quoteMeta(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String signature(String infoName, Labels labels) {
        StringBuilder sb = new StringBuilder(infoName).append('\u0000');
        for (String l : IDENTIFYING) {
            String v = labels.get(l);
            if (v != null) {
                sb.append(l).append('=').append(v).append('\u0000');
            }
        }
        return sb.toString();
    }

    private List<EvalSeries> combine(List<EvalSeries> base, List<EvalSeries> info, Set<EvalSeries> ignore,
            Map<String, List<LabelMatcher>> dataMatchers, Steps steps) {
        Set<String> infoNames = new LinkedHashSet<>();
        for (EvalSeries s : info) {
            infoNames.add(s.labels.metricName());
        }
        return ev.stepwise(steps, List.of(base, info), (vectors, ts) -> {
            List<StepSample> baseVector = vectors.get(0);
            List<StepSample> infoVector = vectors.get(1);
            Map<String, StepSample> bySig = new HashMap<>();
            for (StepSample s : infoVector) {
                String sig = signature(s.labels().metricName(), s.labels());
                StepSample existing = bySig.get(sig);
                if (existing == null || (long) existing.f() < (long) s.f()) {
                    bySig.put(sig, s);
                } else if ((long) existing.f() == (long) s.f()) {
                    throw new QueryException(ErrorType.EXECUTION, "found duplicate series for info metric: existing "
                            + existing.labels() + " @ " + (long) existing.f() + ", new " + s.labels() + " @ " + (long) s.f());
                }
            }
            List<StepSample> out = new ArrayList<>(baseVector.size());
            for (StepSample bs : baseVector) {
                if (isIgnored(bs, ignore)) {
                    out.add(bs);
                    continue;
                }
                Labels.Builder added = Labels.builder();
                boolean seen = false;
                for (String infoName : infoNames) {
                    StepSample is = bySig.get(signature(infoName, bs.labels()));
                    if (is == null) {
                        continue;
                    }
                    Labels il = is.labels();
                    for (int i = 0; i < il.size(); i++) {
                        String n = il.name(i);
                        if (n.equals(Labels.METRIC_NAME) || (!dataMatchers.isEmpty() && !dataMatchers.containsKey(n))) {
                            continue;
                        }
                        String prior = added.get(n);
                        if (prior != null && !prior.isEmpty() && !prior.equals(il.value(i))) {
                            throw new QueryException(ErrorType.EXECUTION, "conflicting label: " + n);
                        }
                        if (bs.labels().has(n)) {
                            continue;
                        }
                        added.set(n, il.value(i));
                    }
                    seen = true;
                }
                if (!seen) {
                    boolean allMatchEmpty = true;
                    for (List<LabelMatcher> ms : dataMatchers.values()) {
                        for (LabelMatcher m : ms) {
                            allMatchEmpty &= m.matches("");
                        }
                    }
                    if (!allMatchEmpty) {
                        continue;
                    }
                }
                Labels extra = added.build();
                Labels.Builder result = bs.labels().toBuilder();
                for (int i = 0; i < extra.size(); i++) {
                    result.set(extra.name(i), extra.value(i));
                }
                out.add(new StepSample(result.build(), bs.f(), bs.histogram(), bs.dropName()));
            }
            return out;
        });
    }

    private static boolean isIgnored(StepSample s, Set<EvalSeries> ignore) {
        for (EvalSeries e : ignore) {
            if (e.labels == s.labels()) {
                return true;
            }
        }
        return false;
    }
}

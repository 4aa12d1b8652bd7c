package dev.panoptes.metrics.promqltest;

import dev.panoptes.metrics.promql.Matrix;
import dev.panoptes.metrics.promql.PromqlEngine;
import dev.panoptes.metrics.promql.QueryException;
import dev.panoptes.metrics.promql.QueryResult;
import dev.panoptes.metrics.promql.RangeSeries;
import dev.panoptes.metrics.promql.Sample;
import dev.panoptes.metrics.promql.Scalar;
import dev.panoptes.metrics.promql.parser.ParseException;
import dev.panoptes.metrics.storage.Queryable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs one eval the way the reference runner does. A range eval is one range query. An instant
 * eval is the query as written plus the step-invariance reruns of {@link AtModifierRewrite}, and
 * after each (unless it expects a string or a range vector, or reads the query range through
 * {@code start()}, {@code end()}, {@code range()} or {@code step()}) a range query from T−1m to
 * T+1m whose points at T must meet the same expectations. Not thread-safe.
 */
final class EvalRunner {

    private static final Pattern QUERY_RANGE_FUNCTIONS = Pattern.compile("(start|end|range|step)\\(\\)");
    private static final long MINUTE = 60_000;

    private final PromqlEngine engine;
    private final Queryable storage;

    EvalRunner(PromqlEngine engine, Queryable storage) {
        this.engine = engine;
        this.storage = storage;
    }

    /** Null when the eval passes, else what went wrong first. */
    String run(EvalCommand eval) {
        if (eval.range()) {
            return range(eval);
        }
        List<AtModifierRewrite.Case> queries = new ArrayList<>();
        queries.add(new AtModifierRewrite.Case(eval.expr(), eval.evalTime()));
        try {
            queries.addAll(AtModifierRewrite.cases(eval.expr(), eval.evalTime()));
        } catch (ParseException e) {
            return "query does not parse: " + e.getMessage();
        }
        for (int i = 0; i < queries.size(); i++) {
            String failure = instant(eval, queries.get(i));
            if (failure != null) {
                return i == 0 ? failure
                        : failure + " [step-invariance rerun: " + queries.get(i).expr() + " at " + queries.get(i).evalTime() + "]";
            }
        }
        return null;
    }

    private String range(EvalCommand eval) {
        QueryResult result;
        try {
            result = engine.rangeQuery(storage, eval.expr(), eval.start(), eval.end(), eval.step());
        } catch (ParseException | QueryException e) {
            return eval.expect().fail() ? expectedFailure(eval, e) : "query failed: " + e.getMessage();
        } catch (RuntimeException | StackOverflowError e) {
            return crash(e);
        }
        if (eval.expect().fail()) {
            return "expected the query to fail, it succeeded";
        }
        String annotations = Annotations.check(eval.expect(), result);
        return annotations != null ? annotations : ResultComparison.compare(eval, result.value());
    }

    private String instant(EvalCommand eval, AtModifierRewrite.Case query) {
        QueryResult result;
        try {
            result = engine.instantQuery(storage, query.expr(), query.evalTime());
        } catch (ParseException | QueryException e) {
            return eval.expect().fail() ? expectedFailure(eval, e) : "query failed: " + e.getMessage();
        } catch (RuntimeException | StackOverflowError e) {
            return crash(e);
        }
        if (eval.expect().fail()) {
            return "expected the query to fail, it succeeded";
        }
        String failure = Annotations.check(eval.expect(), result);
        if (failure == null) {
            failure = ResultComparison.compare(eval, result.value());
        }
        if (failure != null || eval.expect().rangeVector() || eval.expect().expectedString() != null
                || QUERY_RANGE_FUNCTIONS.matcher(query.expr()).find()) {
            return failure;
        }
        return rangeMode(eval, query, result);
    }

    /** The point at T of a range query around T must be the instant result. */
    private String rangeMode(EvalCommand eval, AtModifierRewrite.Case query, QueryResult instant) {
        long t = query.evalTime();
        QueryResult result;
        try {
            result = engine.rangeQuery(storage, query.expr(), t - MINUTE, t + MINUTE, MINUTE);
        } catch (ParseException | QueryException e) {
            return "range mode: query failed: " + e.getMessage();
        } catch (RuntimeException | StackOverflowError e) {
            return "range mode: " + crash(e);
        }
        if (eval.expect().ordered()) {
            return null;
        }
        if (!(result.value() instanceof Matrix m)) {
            return "range mode: expected a matrix, got " + result.value().getClass().getSimpleName();
        }
        String failure = ResultComparison.sortedness(m);
        if (failure != null) {
            return "range mode: " + failure;
        }
        List<Sample> atT = new ArrayList<>();
        for (RangeSeries s : m.series()) {
            for (int i = 0; i < s.floatCount(); i++) {
                if (s.floatTimestamps()[i] == t) {
                    atT.add(Sample.ofFloat(s.labels(), t, s.floats()[i]));
                    break;
                }
            }
            for (int i = 0; i < s.histogramCount(); i++) {
                if (s.histogramTimestamps()[i] == t) {
                    atT.add(Sample.ofHistogram(s.labels(), t, s.histograms()[i]));
                    break;
                }
            }
        }
        if (instant.value() instanceof Scalar) {
            if (atT.isEmpty() || atT.getFirst().isHistogram()) {
                return "range mode: expected a float point at " + t + " for the scalar, found none";
            }
            failure = ResultComparison.compare(eval, new Scalar(t, atT.getFirst().value()));
        } else {
            failure = ResultComparison.vector(eval, atT);
        }
        return failure == null ? null : "range mode: " + failure;
    }

    private static String expectedFailure(EvalCommand eval, RuntimeException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        for (TextMatch m : eval.expect().failMatches()) {
            if (!m.matches(message)) {
                return "expected an error matching " + m + ", got: " + message;
            }
        }
        return null;
    }

    private static String crash(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return "engine threw " + e.getClass().getSimpleName() + ": " + e.getMessage()
                + (trace.length > 0 ? " at " + trace[0] : "");
    }
}

package dev.panoptes.metrics.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.metrics.promql.EngineSettings;
import dev.panoptes.metrics.promql.Matrix;
import dev.panoptes.metrics.promql.PromqlEngine;
import dev.panoptes.metrics.promql.QueryResult;
import dev.panoptes.metrics.promql.Value;
import dev.panoptes.metrics.promql.Vector;
import dev.panoptes.metrics.promql.parser.Expr;
import dev.panoptes.metrics.promql.parser.Parser;
import dev.panoptes.metrics.promql.parser.Printer;
import dev.panoptes.metrics.storage.Exemplar;
import dev.panoptes.metrics.storage.SeriesExemplars;
import dev.panoptes.metrics.storage.TenantStorage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /query}, {@code /query_range}, {@code /query_exemplars}, {@code /format_query} and
 * {@code /parse_query}: parameters checked in Prometheus' order and words, the engine run with
 * the request's remaining time and lookback, results truncated to {@code limit}, statistics
 * when {@code stats} asks. Thread-safe.
 */
final class QueryEndpoints {

    /** Prometheus' fixed bound on a range query's resolution, checked before evaluation. */
    private static final long MAX_POINTS = 11_000;

    private final TenantStorage tenants;
    private final EngineSettings settings;

    QueryEndpoints(TenantStorage tenants, EngineSettings settings) {
        this.tenants = tenants;
        this.settings = settings;
    }

    Reply query(ApiRequest request) {
        RequestParams p = request.params();
        int limit = ParamParser.limit(p);
        long time = ParamParser.optionalTime(p, "time", System.currentTimeMillis());
        PromqlEngine engine = engineFor(request);
        long started = System.nanoTime();
        QueryResult result = engine.instantQuery(tenants.forTenant(request.tenant()), p.get("query"), time);
        return reply(request, result, limit, started);
    }

    Reply queryRange(ApiRequest request) {
        RequestParams p = request.params();
        int limit = ParamParser.limit(p);
        long start = ParamParser.requiredTime(p, "start");
        long end = ParamParser.requiredTime(p, "end");
        if (end < start) {
            throw ApiException.invalidParameter("end", "end timestamp must not be before start time");
        }
        long step = ParamParser.requiredDuration(p, "step");
        if (step <= 0) {
            throw ApiException.invalidParameter("step", "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if ((end - start) / step > MAX_POINTS) {
            throw ApiException.badData("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        }
        PromqlEngine engine = engineFor(request);
        long started = System.nanoTime();
        QueryResult result = engine.rangeQuery(tenants.forTenant(request.tenant()), p.get("query"), start, end, step);
        return reply(request, result, limit, started);
    }

    /** An engine bounded by what is left of the request's time, with the request's lookback if it names one. */
    private PromqlEngine engineFor(ApiRequest request) {
        EngineSettings s = settings;
        String lookback = request.params().get("lookback_delta");
        if (!lookback.isEmpty()) {
            long millis;
            try {
                millis = ParamParser.parseDuration(lookback);
            } catch (IllegalArgumentException e) {
                throw ApiException.badData("error parsing lookback delta duration: " + e.getMessage());
            }
            // Zero means the configured default, as in Prometheus.
            if (millis > 0) {
                s = s.withLookbackDelta(Duration.ofMillis(millis));
            }
        }
        long remaining = request.remainingMillis();
        if (remaining <= 0) {
            throw new ApiException(ApiErrorType.TIMEOUT, "query timed out in query queue");
        }
        return new PromqlEngine(s.withTimeout(Duration.ofMillis(remaining)));
    }

    private static Reply reply(ApiRequest request, QueryResult result, int limit, long evalStarted) {
        long evalNanos = System.nanoTime() - evalStarted;
        List<String> warnings = new ArrayList<>(result.warnings());
        Value value = truncated(result.value(), limit);
        if (value != result.value()) {
            warnings.add("results truncated due to limit");
        }
        String stats = request.params().get("stats");
        if (!stats.isEmpty() && !stats.equals("true") && !stats.equals("all")) {
            warnings.add("value \"" + stats + "\" for parameter \"stats\" is deprecated and will be rejected in the next major release, use \"true\" or \"all\"");
        }
        long queueNanos = evalStarted - request.receivedNanos();
        Value shown = value;
        return new Reply(json -> {
            json.writeStartObject();
            json.writeStringField("resultType", ValueJson.resultType(shown));
            json.writeFieldName("result");
            new ValueJson().write(json, shown);
            if (!stats.isEmpty()) {
                stats(json, queueNanos, evalNanos, result.samplesLoaded(), result.peakSamples());
            }
            json.writeEndObject();
        }, warnings, result.infos());
    }

    private static Value truncated(Value value, int limit) {
        if (limit <= 0) {
            return value;
        }
        return switch (value) {
            case Vector v when v.samples().size() > limit -> new Vector(v.samples().subList(0, limit));
            case Matrix m when m.series().size() > limit -> new Matrix(m.series().subList(0, limit));
            default -> value;
        };
    }

    /**
     * Prometheus' statistics object as far as the engine measures it: the timings (evaluation
     * includes sorting and preparation, which the engine does not time apart) and the samples
     * loaded.
     */
    private static void stats(JsonGenerator json, long queueNanos, long evalNanos, long samplesLoaded, long peakSamples)
            throws IOException {
        double eval = evalNanos / 1e9;
        double queue = queueNanos / 1e9;
        json.writeObjectFieldStart("stats");
        json.writeObjectFieldStart("timings");
        json.writeFieldName("evalTotalTime");
        json.writeNumber(NumberText.jsonNumber(eval));
        json.writeFieldName("resultSortTime");
        json.writeNumber("0");
        json.writeFieldName("queryPreparationTime");
        json.writeNumber("0");
        json.writeFieldName("innerEvalTime");
        json.writeNumber(NumberText.jsonNumber(eval));
        json.writeFieldName("execQueueTime");
        json.writeNumber(NumberText.jsonNumber(queue));
        json.writeFieldName("execTotalTime");
        json.writeNumber(NumberText.jsonNumber(queue + eval));
        json.writeEndObject();
        json.writeObjectFieldStart("samples");
        json.writeNumberField("totalQueryableSamples", samplesLoaded);
        json.writeNumberField("peakSamples", peakSamples);
        json.writeEndObject();
        json.writeEndObject();
    }

    Reply queryExemplars(ApiRequest request) {
        RequestParams p = request.params();
        long start = ParamParser.optionalTime(p, "start", ParamParser.MIN_TIME);
        long end = ParamParser.optionalTime(p, "end", ParamParser.MAX_TIME);
        if (end < start) {
            throw ApiException.badData("end timestamp must not be before start timestamp");
        }
        Expr expr = Parser.parse(p.get("query"));
        List<List<LabelMatcher>> selectors = new ArrayList<>();
        collectSelectors(expr, selectors);
        if (selectors.isEmpty()) {
            return Reply.noContent();
        }
        List<SeriesExemplars> found = tenants.forTenant(request.tenant()).exemplars(start, end, selectors);
        return Reply.of(json -> {
            ValueJson values = new ValueJson();
            json.writeStartArray();
            for (SeriesExemplars series : found) {
                json.writeStartObject();
                json.writeFieldName("seriesLabels");
                ValueJson.labels(json, series.seriesLabels());
                json.writeArrayFieldStart("exemplars");
                for (Exemplar e : series.exemplars()) {
                    json.writeStartObject();
                    json.writeFieldName("labels");
                    ValueJson.labels(json, e.labels());
                    json.writeStringField("value", NumberText.sampleValue(e.value()));
                    json.writeFieldName("timestamp");
                    values.timestamp(json, e.timestampMs());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    private static void collectSelectors(Expr e, List<List<LabelMatcher>> out) {
        switch (e) {
            case Expr.VectorSelector vs -> out.add(vs.matchers());
            case Expr.MatrixSelector ms -> out.add(ms.selector().matchers());
            case Expr.Subquery sq -> collectSelectors(sq.expr(), out);
            case Expr.Paren paren -> collectSelectors(paren.expr(), out);
            case Expr.Unary u -> collectSelectors(u.expr(), out);
            case Expr.Binary b -> {
                collectSelectors(b.lhs(), out);
                collectSelectors(b.rhs(), out);
            }
            case Expr.Aggregate a -> {
                if (a.param() != null) {
                    collectSelectors(a.param(), out);
                }
                collectSelectors(a.expr(), out);
            }
            case Expr.Call c -> {
                for (Expr arg : c.args()) {
                    collectSelectors(arg, out);
                }
            }
            case Expr.NumberLiteral n -> {
            }
            case Expr.StringLiteral s -> {
            }
        }
    }

    Reply formatQuery(ApiRequest request) {
        String formatted = Printer.pretty(Parser.parse(request.params().get("query")));
        return Reply.of(json -> json.writeString(formatted));
    }

    Reply parseQuery(ApiRequest request) {
        Expr expr = Parser.parse(request.params().get("query"));
        return Reply.of(json -> AstJson.write(json, expr));
    }
}

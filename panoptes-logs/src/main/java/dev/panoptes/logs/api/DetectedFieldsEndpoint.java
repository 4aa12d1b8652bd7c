package dev.panoptes.logs.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.panoptes.logs.logql.DetectedFields;
import dev.panoptes.logs.logql.LogSelectorExpr;
import dev.panoptes.logs.logql.MetricExpr;
import dev.panoptes.logs.logql.template.GoValues;
import dev.panoptes.logs.store.LogReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code /loki/api/v1/detected_fields}: the fields of the lines a log query selects
 * ({@link DetectedFields}), for Grafana's Logs Drilldown, in Loki 3's shape
 * {@code {"fields":[{"label":..., "type":..., "cardinality":..., "parsers":[...] or null,
 * "jsonPath":[...]}], "limit":N}} ({@code {}} when none is found). Parameters as Loki's:
 * {@code query} (a log query, parsers allowed), {@code start}/{@code end}/{@code since} (the last
 * hour by default), {@code line_limit} (the most recent lines read, default 100, at most
 * {@code max_entries_limit_per_query}) and {@code limit} (or the older {@code field_limit}: the
 * most fields, default 1000). {@code /loki/api/v1/detected_field/<name>/values} takes the same
 * parameters and answers one field's distinct values.
 *
 * <p>Stateless apart from its settings; thread-safe.
 */
final class DetectedFieldsEndpoint {

    private static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);
    private static final int DEFAULT_LINE_LIMIT = 100;
    private static final int DEFAULT_FIELD_LIMIT = 1000;

    private final Clock clock;

    DetectedFieldsEndpoint(Clock clock) {
        this.clock = clock;
    }

    /** What both endpoints are asked: the query, its range, the lines read and the most fields or values answered. */
    private record Request(LogSelectorExpr selector, long start, long end, int lineLimit, int limit) {
    }

    private Request request(LogReader reader, LokiQueryLimits limits, LokiParams params) throws LokiApiException {
        LogSelectorExpr selector = switch (LokiHttpApi.parse(params.get("query"))) {
            case LogSelectorExpr s -> s;
            case MetricExpr metric -> throw LokiApiException.badRequest("detected fields are found for log queries, not metric queries");
        };
        long[] range = params.bounds(LokiParams.now(clock), DEFAULT_LOOKBACK);
        limits.checkLength(range[0], range[1]);
        int lineLimit = positive(params.integer("line_limit", DEFAULT_LINE_LIMIT));
        limits.checkEntriesLimit(lineLimit);
        int limit = positive(params.integer("limit", params.integer("field_limit", DEFAULT_FIELD_LIMIT)));
        limits.checkBytesRead(ChunkOverlap.totals(reader.chunkExtents(selector.selector().matchers(), range[0], range[1] - 1), range[0],
                range[1] - 1).bytes());
        return new Request(selector, range[0], range[1], lineLimit, limit);
    }

    /**
     * {@code /loki/api/v1/detected_field/<name>/values}: the distinct values of one field,
     * {@code {"values":[...],"limit":N}} ({@code {}} when none is found); a parsed value that is a
     * byte size with a unit is written as Loki writes it ({@code 1024KB} as {@code 1.0MB}), so
     * that it can go into a query as it is.
     */
    byte[] detectedFieldValues(LogReader reader, LokiQueryLimits limits, LokiParams params, ServiceRequestContext ctx)
            throws LokiApiException {
        String name = ctx.pathParam("name");
        Request request = request(reader, limits, params);
        List<String> values = DetectedFields.values(request.selector(), request.start(), request.end(), request.lineLimit(), name,
                request.limit(), DetectedFieldsEndpoint::bytesAsLokiWritesThem, reader, QueryRun.of(ctx));
        return LokiJson.unwrapped(json -> {
            json.writeStartObject();
            if (!values.isEmpty()) {
                json.writeFieldName("values");
                strings(json, values);
                json.writeNumberField("limit", request.limit());
            }
            json.writeEndObject();
        });
    }

    /** A value with a byte unit Loki recognises, in humanize's SI form without the space; anything else unchanged. */
    static String bytesAsLokiWritesThem(String value) {
        if (!hasByteUnit(value.toLowerCase(Locale.ROOT))) {
            return value;
        }
        try {
            return GoFormat.siBytes(GoValues.parseBytes(value)).replaceFirst(" ", "");
        } catch (GoValues.BadValue | IllegalArgumentException e) {
            return value;
        }
    }

    private static boolean hasByteUnit(String lower) {
        if (lower.isEmpty()) {
            return false;
        }
        char last = lower.charAt(lower.length() - 1);
        // Every unit Loki accepts ends in one of these: b, kib/kb/ki/k, ... e/ei/eib.
        return last == 'b' || last == 'i' || "kmgtpe".indexOf(last) >= 0;
    }

    byte[] detectedFields(LogReader reader, LokiQueryLimits limits, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
        Request request = request(reader, limits, params);
        int fieldLimit = request.limit();
        List<DetectedFields.Field> fields = DetectedFields.detect(request.selector(), request.start(), request.end(), request.lineLimit(),
                fieldLimit, reader, QueryRun.of(ctx));
        return LokiJson.unwrapped(json -> {
            json.writeStartObject();
            if (!fields.isEmpty()) {
                json.writeArrayFieldStart("fields");
                for (DetectedFields.Field f : fields) {
                    json.writeStartObject();
                    json.writeStringField("label", f.label());
                    json.writeStringField("type", f.type());
                    json.writeNumberField("cardinality", f.cardinality());
                    json.writeFieldName("parsers");
                    if (f.parsers().isEmpty()) {
                        json.writeNull();
                    } else {
                        strings(json, f.parsers());
                    }
                    if (!f.jsonPath().isEmpty()) {
                        json.writeFieldName("jsonPath");
                        strings(json, f.jsonPath());
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
                // Loki sends the limit only beside fields it found.
                json.writeNumberField("limit", fieldLimit);
            }
            json.writeEndObject();
        });
    }

    private static void strings(JsonGenerator json, List<String> values) throws IOException {
        json.writeStartArray();
        for (String v : values) {
            json.writeString(v);
        }
        json.writeEndArray();
    }

    private static int positive(int limit) throws LokiApiException {
        if (limit <= 0) {
            throw LokiApiException.badRequest("limit must be a positive value");
        }
        return limit;
    }
}

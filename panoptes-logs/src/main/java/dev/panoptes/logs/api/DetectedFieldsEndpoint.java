package dev.panoptes.logs.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.panoptes.logs.logql.DetectedFields;
import dev.panoptes.logs.logql.LogSelectorExpr;
import dev.panoptes.logs.logql.MetricExpr;
import dev.panoptes.logs.store.LogReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code /loki/api/v1/detected_fields}: the fields of the lines a log query selects
 * ({@link DetectedFields}), for Grafana's Logs Drilldown, in Loki 3's shape
 * {@code {"fields":[{"label":..., "type":..., "cardinality":..., "parsers":[...] or null,
 * "jsonPath":[...]}], "limit":N}} ({@code {}} when none is found). Parameters as Loki's:
 * {@code query} (a log query, parsers allowed), {@code start}/{@code end}/{@code since} (the last
 * hour by default), {@code line_limit} (the most recent lines read, default 100, at most
 * {@code max_entries_limit_per_query}) and {@code limit} (or the older {@code field_limit}: the
 * most fields, default 1000).
 *
 * <p>Stateless apart from its settings; thread-safe.
 */
final class DetectedFieldsEndpoint {

    private static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);
    private static final int DEFAULT_LINE_LIMIT = 100;
    private static final int DEFAULT_FIELD_LIMIT = 1000;

    private final LokiQueryLimits limits;
    private final Clock clock;

    DetectedFieldsEndpoint(LokiQueryLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    byte[] detectedFields(LogReader reader, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
        LogSelectorExpr selector = switch (LokiHttpApi.parse(params.get("query"))) {
            case LogSelectorExpr s -> s;
            case MetricExpr metric -> throw LokiApiException.badRequest("detected fields are found for log queries, not metric queries");
        };
        long[] range = params.bounds(LokiParams.now(clock), DEFAULT_LOOKBACK);
        limits.checkLength(range[0], range[1]);
        int lineLimit = positive(params.integer("line_limit", DEFAULT_LINE_LIMIT));
        limits.checkEntriesLimit(lineLimit);
        int fieldLimit = positive(params.integer("limit", params.integer("field_limit", DEFAULT_FIELD_LIMIT)));
        limits.checkBytesRead(ChunkOverlap.totals(reader.chunkExtents(selector.selector().matchers(), range[0], range[1] - 1), range[0],
                range[1] - 1).bytes());
        List<DetectedFields.Field> fields = DetectedFields.detect(selector, range[0], range[1], lineLimit, fieldLimit, reader,
                QueryRun.of(ctx));
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

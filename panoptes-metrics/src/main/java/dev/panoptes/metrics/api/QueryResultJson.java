package dev.panoptes.metrics.api;

import dev.panoptes.metrics.promql.QueryResult;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A query's answer as the body {@code /api/v1/query} and {@code /api/v1/query_range} send:
 * {@code {"status":"success","data":{"resultType":..,"result":..}}} with the annotations, for
 * callers outside the HTTP path (benchmarks, a query frontend). Thread-safe.
 */
public final class QueryResultJson {

    private QueryResultJson() {
    }

    /** Writes the answer to {@code out}, flushed and left open. */
    public static void write(OutputStream out, QueryResult result) throws IOException {
        JsonOutput.writeSuccess(out, json -> {
            json.writeStartObject();
            json.writeStringField("resultType", ValueJson.resultType(result.value()));
            json.writeFieldName("result");
            new ValueJson().write(json, result.value());
            json.writeEndObject();
        }, result.warnings(), result.infos());
    }
}

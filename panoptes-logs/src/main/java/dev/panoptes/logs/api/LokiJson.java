package dev.panoptes.logs.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.text.GoFloatText;
import dev.panoptes.logs.logql.MetricResult;
import dev.panoptes.metrics.promql.StepSeries;
import dev.panoptes.logs.logql.StreamsResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Loki's JSON response bodies: {@code {"status":"success","data":...}} with streams results
 * ({@code resultType} {@code streams}, each value {@code ["<ns>", "line"]}) and their
 * {@code stats.summary}, metric results ({@code matrix}, {@code vector}, {@code scalar}, Prometheus'
 * points {@code [<seconds>, "<value>"]}), label lists and series lists. Written with Jackson's streaming generator.
 *
 * <p>Stateless and thread-safe.
 */
final class LokiJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private LokiJson() {
    }

    /** The body for one generator's writes. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    /** {@code {"status":"success","data":<body>}}. */
    static byte[] render(Body body) {
        return unwrapped(json -> {
            json.writeStartObject();
            json.writeStringField("status", "success");
            json.writeFieldName("data");
            body.write(json);
            json.writeEndObject();
        });
    }

    /** Only what {@code body} writes, for the endpoints that answer without Loki's envelope. */
    static byte[] unwrapped(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] streams(StreamsResult result) {
        return render(json -> {
            json.writeStartObject();
            json.writeStringField("resultType", "streams");
            json.writeArrayFieldStart("result");
            for (StreamsResult.Stream stream : result.streams()) {
                json.writeStartObject();
                json.writeFieldName("stream");
                labels(json, stream.labels());
                json.writeArrayFieldStart("values");
                long[] times = stream.timestamps();
                String[] lines = stream.lines();
                for (int i = 0; i < times.length; i++) {
                    json.writeStartArray();
                    json.writeString(Long.toString(times[i]));
                    json.writeString(lines[i]);
                    json.writeEndArray();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("stats");
            summary(json, result.statistics());
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    /** A range metric query's answer: every series with its points, times in seconds with milliseconds. */
    static byte[] matrix(MetricResult result) {
        return metric(result, "matrix", json -> {
            for (StepSeries s : result.series()) {
                json.writeStartObject();
                json.writeFieldName("metric");
                labels(json, s.labels());
                json.writeArrayFieldStart("values");
                for (int i = 0; i < s.times().length; i++) {
                    point(json, Math.floorDiv(s.times()[i], 1_000_000L), sampleValue(s.values()[i]));
                }
                json.writeEndArray();
                json.writeEndObject();
            }
        });
    }

    /** An instant metric query's answer: a vector of the series' one point, or for a number a scalar. */
    static byte[] vector(MetricResult result) {
        if (result.scalar()) {
            StepSeries s = result.series().get(0);
            return render(json -> {
                json.writeStartObject();
                json.writeStringField("resultType", "scalar");
                json.writeFieldName("result");
                point(json, Math.floorDiv(s.times()[0], 1_000_000L), sampleValue(s.values()[0]));
                json.writeObjectFieldStart("stats");
                summary(json, result.statistics());
                json.writeEndObject();
                json.writeEndObject();
            });
        }
        return metric(result, "vector", json -> {
            for (StepSeries s : result.series()) {
                json.writeStartObject();
                json.writeFieldName("metric");
                labels(json, s.labels());
                json.writeFieldName("value");
                point(json, Math.floorDiv(s.times()[0], 1_000_000L), sampleValue(s.values()[0]));
                json.writeEndObject();
            }
        });
    }

    private static byte[] metric(MetricResult result, String type, Body series) {
        return render(json -> {
            json.writeStartObject();
            json.writeStringField("resultType", type);
            json.writeArrayFieldStart("result");
            series.write(json);
            json.writeEndArray();
            json.writeObjectFieldStart("stats");
            summary(json, result.statistics());
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    /** A Prometheus point: seconds as a plain number with milliseconds, the value as a string. */
    static void point(JsonGenerator json, long millis, String value) throws IOException {
        json.writeStartArray();
        json.writeNumber(BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString());
        json.writeString(value);
        json.writeEndArray();
    }

    /** A sample value as Go's {@code FormatFloat(v, 'f', -1, 64)} writes it: shortest digits, no exponent. */
    static String sampleValue(double v) {
        return GoFloatText.fixed(v);
    }

    static void summary(JsonGenerator json, StreamsResult.Statistics stats) throws IOException {
        double seconds = stats.execNanos() / 1e9;
        json.writeObjectFieldStart("summary");
        json.writeNumberField("bytesProcessedPerSecond", seconds > 0 ? (long) (stats.bytesProcessed() / seconds) : 0);
        json.writeNumberField("linesProcessedPerSecond", seconds > 0 ? (long) (stats.linesProcessed() / seconds) : 0);
        json.writeNumberField("totalBytesProcessed", stats.bytesProcessed());
        json.writeNumberField("totalLinesProcessed", stats.linesProcessed());
        json.writeNumberField("execTime", seconds);
        json.writeNumberField("queueTime", 0);
        json.writeNumberField("subqueries", 0);
        json.writeNumberField("totalEntriesReturned", stats.entriesReturned());
        json.writeNumberField("splits", 0);
        json.writeNumberField("shards", 0);
        json.writeNumberField("totalPostFilterLines", stats.postFilterLines());
        json.writeNumberField("totalStructuredMetadataBytesProcessed", 0);
        json.writeEndObject();
    }

    static byte[] strings(List<String> values) {
        return render(json -> {
            json.writeStartArray();
            for (String v : values) {
                json.writeString(v);
            }
            json.writeEndArray();
        });
    }

    static byte[] series(List<Labels> series) {
        return render(json -> {
            json.writeStartArray();
            for (Labels labels : series) {
                labels(json, labels);
            }
            json.writeEndArray();
        });
    }

    static void labels(JsonGenerator json, Labels labels) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < labels.size(); i++) {
            json.writeStringField(labels.name(i), labels.value(i));
        }
        json.writeEndObject();
    }
}

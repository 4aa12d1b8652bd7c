package dev.panoptes.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The float series of a {@code /api/v1/query_range} answer (a matrix), each keyed by its label
 * set written in one canonical form (names sorted), so that the answers of two servers can be
 * matched series by series. Immutable once parsed.
 */
record RangeResult(Map<String, Points> series) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One series' points: timestamps in milliseconds, ascending, and their values. */
    record Points(long[] timestamps, double[] values) {
    }

    /** Parses a Prometheus API response body; anything other than a successful matrix is an error naming what came back. */
    static RangeResult parse(byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (!"success".equals(root.path("status").asText())) {
            throw new IOException("query failed: " + root.path("errorType").asText() + ": " + root.path("error").asText());
        }
        JsonNode data = root.path("data");
        if (!"matrix".equals(data.path("resultType").asText())) {
            throw new IOException("expected a matrix, got " + data.path("resultType").asText());
        }
        Map<String, Points> series = new TreeMap<>();
        for (JsonNode s : data.path("result")) {
            JsonNode values = s.path("values");
            long[] timestamps = new long[values.size()];
            double[] v = new double[values.size()];
            for (int i = 0; i < values.size(); i++) {
                JsonNode point = values.get(i);
                timestamps[i] = Math.round(point.get(0).asDouble() * 1000);
                v[i] = parseValue(point.get(1).asText());
            }
            String key = canonicalLabels(s.path("metric"));
            if (series.put(key, new Points(timestamps, v)) != null) {
                throw new IOException("series returned twice: " + key);
            }
        }
        return new RangeResult(series);
    }

    /** A sample value as the API writes it: a decimal, {@code NaN}, {@code +Inf} or {@code -Inf}. */
    static double parseValue(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    private static String canonicalLabels(JsonNode metric) {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, JsonNode> label : metric.properties()) {
            sorted.put(label.getKey(), label.getValue().asText());
        }
        List<String> parts = new ArrayList<>();
        sorted.forEach((name, value) -> parts.add(name + "=\"" + value + "\""));
        return "{" + String.join(", ", parts) + "}";
    }

    /** Points over all series. */
    long pointCount() {
        long n = 0;
        for (Points p : series.values()) {
            n += p.timestamps().length;
        }
        return n;
    }
}

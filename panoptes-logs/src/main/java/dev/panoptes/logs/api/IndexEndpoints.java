package dev.panoptes.logs.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.logs.logql.LogSelectorExpr;
import dev.panoptes.logs.logql.MetricExpr;
import dev.panoptes.logs.store.LogReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The endpoints answered from the index alone, without reading a line: {@code /index/stats}
 * (streams, chunks, entries and bytes a selector resolves to), {@code /index/volume} and
 * {@code /index/volume_range} (line bytes per series or per label, as a Prometheus vector or
 * matrix), and {@code /detected_labels} (label names with their number of values, for the Logs
 * Drilldown app). Chunks that a range covers only in part count in proportion
 * ({@link ChunkOverlap}), as Loki's index does.
 *
 * <p>Stateless apart from its settings; thread-safe.
 */
final class IndexEndpoints {

    private static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);
    private static final long MILLI = 1_000_000L;
    /** At most this many points per series, as Loki allows. */
    private static final long MAX_POINTS = 11_000;
    /** Labels Loki's detected-labels answer keeps even when every value looks like an id. */
    private static final Set<String> STATIC_LABELS = Set.of("cluster", "namespace", "instance", "pod");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?|(?i:inf|infinity|nan))");
    private static final Pattern UUID = Pattern.compile(
            "(?i)(urn:uuid:)?\\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}}?");

    private final Clock clock;

    IndexEndpoints(Clock clock) {
        this.clock = clock;
    }

    /** The matchers of a query that may hold nothing else; {@code {}} selects every stream where allowed. */
    static List<LabelMatcher> matchersOnly(String query, boolean matchAllAllowed) throws LokiApiException {
        if (matchAllAllowed && query != null && query.replace(" ", "").equals("{}")) {
            return List.of();
        }
        return switch (LokiHttpApi.parse(query)) {
            case LogSelectorExpr selector when selector.pipeline().isEmpty() -> selector.selector().matchers();
            case LogSelectorExpr selector -> throw LokiApiException.badRequest("only label matchers are supported");
            case MetricExpr metric -> throw LokiApiException.badRequest("only label matchers are supported");
        };
    }

    byte[] stats(LogReader reader, LokiQueryLimits limits, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
        List<LabelMatcher> matchers = matchersOnly(params.get("query"), false);
        long[] range = params.bounds(LokiParams.now(clock), DEFAULT_LOOKBACK);
        limits.checkLength(range[0], range[1]);
        ChunkOverlap.Totals totals = ChunkOverlap.totals(reader.chunkExtents(matchers, range[0], range[1]), range[0], range[1]);
        return LokiJson.unwrapped(json -> {
            json.writeStartObject();
            json.writeNumberField("streams", totals.streams());
            json.writeNumberField("chunks", totals.chunks());
            json.writeNumberField("bytes", totals.bytes());
            json.writeNumberField("entries", totals.entries());
            json.writeEndObject();
        });
    }

    byte[] volume(LogReader reader, LokiQueryLimits limits, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
        return volume(reader, limits, params, false);
    }

    byte[] volumeRange(LogReader reader, LokiQueryLimits limits, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
        return volume(reader, limits, params, true);
    }

    /** What a volume request asks: the streams, how to name their aggregates, the buckets. */
    private record VolumeQuery(List<LabelMatcher> matchers, Set<String> byLabels, boolean targeted, boolean allLabels, boolean bySeries,
                               int limit) {
    }

    private byte[] volume(LogReader reader, LokiQueryLimits limits, LokiParams params, boolean ranged) throws LokiApiException {
        VolumeQuery query = volumeQuery(params);
        long[] range = params.bounds(LokiParams.now(clock), DEFAULT_LOOKBACK);
        long start = range[0];
        long end = range[1];
        limits.checkLength(start, end);
        long step = 0;
        if (ranged) {
            step = params.step(start, end);
            checkStep(start, end, step);
        }
        Map<String, VolumeSeries> series = new HashMap<>();
        for (long[] bucket : buckets(start, end, step)) {
            // Per bucket, so that entries not yet in a chunk count exactly where they fall.
            List<LogReader.StreamChunks> streams = reader.chunkExtents(query.matchers(), bucket[0], bucket[1]);
            List<Map.Entry<String, Long>> top = bucketVolumes(streams, query, bucket[0], bucket[1], series);
            for (Map.Entry<String, Long> e : top) {
                series.get(e.getKey()).add(bucket[1] / MILLI, e.getValue());
            }
        }
        List<VolumeSeries> out = new ArrayList<>();
        for (VolumeSeries s : series.values()) {
            if (s.size > 0) {
                out.add(s);
            }
        }
        out.sort((a, b) -> a.values[0] != b.values[0] ? Long.compare(b.values[0], a.values[0]) : a.name.compareTo(b.name));
        boolean matrix = false;
        for (VolumeSeries s : out) {
            matrix |= s.size > 1;
        }
        return writeVolumes(out, matrix);
    }

    private static VolumeQuery volumeQuery(LokiParams params) throws LokiApiException {
        List<LabelMatcher> matchers = new ArrayList<>(matchersOnly(params.get("query"), true));
        int limit = params.integer("limit", 100);
        if (limit == 0) {
            limit = 100;
        } else if (limit < 0) {
            throw LokiApiException.badRequest("limit must be a positive value");
        }
        String aggregateBy = params.get("aggregateBy");
        if (aggregateBy != null && !aggregateBy.equals("series") && !aggregateBy.equals("labels")) {
            throw LokiApiException.badRequest("invalid aggregation option");
        }
        boolean bySeries = aggregateBy == null || aggregateBy.equals("series");
        Set<String> targets = new LinkedHashSet<>();
        String targetLabels = params.get("targetLabels");
        if (targetLabels != null) {
            for (String name : targetLabels.split(",")) {
                if (!name.isEmpty()) {
                    targets.add(name);
                }
            }
        }
        Set<String> byLabels = new LinkedHashSet<>();
        if (!targets.isEmpty()) {
            byLabels.addAll(targets);
            Set<String> matched = new LinkedHashSet<>();
            for (LabelMatcher m : matchers) {
                matched.add(m.name());
            }
            for (String target : targets) {
                if (!matched.contains(target)) {
                    // A target the selector does not name must still be present on the streams counted.
                    matchers.add(LabelMatcher.regex(target, ".+"));
                }
            }
            return new VolumeQuery(matchers, byLabels, true, false, bySeries, limit);
        }
        for (LabelMatcher m : matchers) {
            byLabels.add(m.name());
        }
        return new VolumeQuery(matchers, byLabels, false, matchers.isEmpty(), bySeries, limit);
    }

    static void checkStep(long start, long end, long step) throws LokiApiException {
        if (step <= 0) {
            throw LokiApiException.badRequest("zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if ((end - start) / step > MAX_POINTS) {
            throw LokiApiException.badRequest(
                    "exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter");
        }
    }

    /**
     * The buckets of a volume request as {@code [from, to]} pairs, each answered at its end: one
     * for the whole range without a step; otherwise step-aligned buckets, the first starting at
     * {@code start}, each ending a millisecond before the next begins and the last at {@code end}.
     */
    private static List<long[]> buckets(long start, long end, long step) {
        List<long[]> out = new ArrayList<>();
        if (step <= 0) {
            out.add(new long[] {start, end});
            return out;
        }
        long aligned = start - Math.floorMod(start, step);
        for (long from = aligned; from < end; from += step) {
            long to = from + step >= end ? end : from + step - MILLI;
            out.add(new long[] {Math.max(from, start), to});
        }
        return out;
    }

    /** Volumes of one bucket, the {@code limit} largest, in order (bytes descending, then name). */
    private static List<Map.Entry<String, Long>> bucketVolumes(List<LogReader.StreamChunks> streams, VolumeQuery query, long from, long to,
                                                                Map<String, VolumeSeries> series) {
        Map<String, Long> volumes = new HashMap<>();
        for (LogReader.StreamChunks stream : streams) {
            long bytes = 0;
            long entries = 0;
            for (LogReader.ChunkExtent chunk : stream.chunks()) {
                double f = ChunkOverlap.factor(from, to, chunk.minTime(), chunk.maxTime());
                bytes += (long) (f * chunk.lineBytes());
                entries += (long) (f * chunk.entries());
            }
            if (entries == 0) {
                continue;
            }
            Labels labels = stream.labels();
            if (query.bySeries()) {
                Labels key = query.allLabels() ? labels : labels.keepOnly(query.byLabels());
                String name = key.toString();
                volumes.merge(name, bytes, Long::sum);
                series.computeIfAbsent(name, n -> new VolumeSeries(n, key));
            } else {
                for (int i = 0; i < labels.size(); i++) {
                    String label = labels.name(i);
                    // Without target labels, every label of a matching stream gets its share.
                    if (!query.targeted() || query.byLabels().contains(label)) {
                        volumes.merge(label, bytes, Long::sum);
                        series.computeIfAbsent(label, n -> new VolumeSeries(n, null));
                    }
                }
            }
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(volumes.entrySet());
        sorted.sort((a, b) -> !a.getValue().equals(b.getValue()) ? Long.compare(b.getValue(), a.getValue()) : a.getKey().compareTo(b.getKey()));
        return sorted.size() > query.limit() ? sorted.subList(0, query.limit()) : sorted;
    }

    /** One result series: its name, its labels (null when aggregated by label name), its points. */
    private static final class VolumeSeries {
        final String name;
        final Labels labels;
        long[] millis = new long[4];
        long[] values = new long[4];
        int size;

        VolumeSeries(String name, Labels labels) {
            this.name = name;
            this.labels = labels;
        }

        void add(long ms, long value) {
            if (size == millis.length) {
                millis = java.util.Arrays.copyOf(millis, size * 2);
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            millis[size] = ms;
            values[size++] = value;
        }

        void writeMetric(JsonGenerator json) throws IOException {
            if (labels != null) {
                LokiJson.labels(json, labels);
            } else {
                json.writeStartObject();
                json.writeStringField(name, "");
                json.writeEndObject();
            }
        }
    }

    private static byte[] writeVolumes(List<VolumeSeries> series, boolean matrix) {
        return LokiJson.render(json -> {
            json.writeStartObject();
            json.writeStringField("resultType", matrix ? "matrix" : "vector");
            json.writeArrayFieldStart("result");
            for (VolumeSeries s : series) {
                json.writeStartObject();
                json.writeFieldName("metric");
                s.writeMetric(json);
                if (matrix) {
                    json.writeArrayFieldStart("values");
                    for (int i = 0; i < s.size; i++) {
                        point(json, s.millis[i], s.values[i]);
                    }
                    json.writeEndArray();
                } else {
                    json.writeFieldName("value");
                    point(json, s.millis[0], s.values[0]);
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static void point(JsonGenerator json, long millis, long value) throws IOException {
        LokiJson.point(json, millis, Long.toString(value));
    }

    byte[] detectedLabels(LogReader reader, LokiQueryLimits limits, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
        String query = params.get("query");
        List<LabelMatcher> matchers = query == null ? List.of() : matchersOnly(query, true);
        long[] range = params.bounds(LokiParams.now(clock), DEFAULT_LOOKBACK);
        limits.checkLength(range[0], range[1]);
        List<String> names = reader.labelNames(matchers, range[0], range[1]);
        return LokiJson.unwrapped(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("detectedLabels");
            for (String name : names) {
                List<String> values = reader.labelValues(name, matchers, range[0], range[1]);
                if ((STATIC_LABELS.contains(name) && !values.isEmpty()) || !looksLikeIds(values)) {
                    json.writeStartObject();
                    json.writeStringField("label", name);
                    json.writeNumberField("cardinality", values.size());
                    json.writeEndObject();
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /**
     * Whether a label is no use for grouping: no values, or every value a number or a UUID (a
     * label of only {@code 0} and {@code 1} is a flag, and kept).
     */
    static boolean looksLikeIds(List<String> values) {
        if (values.isEmpty()) {
            return true;
        }
        if (values.size() <= 2 && values.stream().allMatch(v -> v.equals("0") || v.equals("1"))) {
            return false;
        }
        for (String v : values) {
            if (!NUMBER.matcher(v).matches() && !UUID.matcher(v).matches()) {
                return false;
            }
        }
        return true;
    }
}

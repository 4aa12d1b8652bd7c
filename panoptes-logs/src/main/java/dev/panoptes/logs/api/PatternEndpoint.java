package dev.panoptes.logs.api;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.logs.logql.LogPipeline;
import dev.panoptes.logs.logql.MetricExpr;
import dev.panoptes.logs.logql.LogQLExpr;
import dev.panoptes.logs.logql.LogSelectorExpr;
import dev.panoptes.logs.store.EntryBuffer;
import dev.panoptes.logs.store.LogReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code /loki/api/v1/patterns}: the patterns of the lines a log query selects in
 * {@code [start, end)}, found by {@link PatternDetector}, each with its count of lines per
 * {@code step}, in Loki's shape {@code {"status":"success","data":[{"pattern":..., "level":...,
 * "samples":[[<seconds>, <count>], ...]}]}}. Lines are grouped by their level (the
 * {@code detected_level} structured metadata or stream label, {@code unknown} without one), one
 * detector per level, as Loki's pattern ingester does. Streams are read one at a time, so memory
 * holds one stream's range and the bounded clusters.
 *
 * <p>Thread-safe; a detector lives for one request.
 */
final class PatternEndpoint {

    private static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);
    private static final Set<String> LEVELS = Set.of("unknown", "debug", "info", "warn", "error", "fatal", "critical", "trace");
    private static final String LEVEL_LABEL = "detected_level";

    private final Clock clock;

    PatternEndpoint(Clock clock) {
        this.clock = clock;
    }

    byte[] patterns(LogReader reader, LokiQueryLimits limits, LokiParams params, ServiceRequestContext ctx) throws LokiApiException {
        LogQLExpr expr = LokiHttpApi.parse(params.get("query"));
        long[] range = params.bounds(LokiParams.now(clock), DEFAULT_LOOKBACK);
        long start = range[0];
        long end = range[1];
        limits.checkLength(start, end);
        long step = params.secondsOrDuration("step", Math.max((end - start) / 250 / 1_000_000_000L, 1) * 1_000_000_000L);
        IndexEndpoints.checkStep(start, end, step);
        LogSelectorExpr selector = switch (expr) {
            case LogSelectorExpr s -> s;
            case MetricExpr metric -> throw LokiApiException.badRequest("patterns are detected for log queries, not metric queries");
        };
        List<LabelMatcher> matchers = selector.selector().matchers();
        limits.checkBytesRead(ChunkOverlap.totals(reader.chunkExtents(matchers, start, end - 1), start, end - 1).bytes());
        LogPipeline pipeline = LogPipeline.compile(selector.pipeline());
        QueryRun run = QueryRun.of(ctx);
        long aligned = start - Math.floorMod(start, step);
        int buckets = (int) ((end - 1 - aligned) / step) + 1;
        TreeMap<String, PatternDetector> byLevel = new TreeMap<>();
        for (Labels stream : reader.series(matchers, start, end - 1)) {
            for (LogReader.StreamEntries found : reader.select(exactly(stream), start, end - 1, List.of(), run)) {
                if (!found.labels().equals(stream)) {
                    // Equality matchers also select streams with more labels; each is read on its own turn.
                    continue;
                }
                EntryBuffer entries = found.entries();
                for (int i = 0; i < entries.size(); i++) {
                    if ((i & 1023) == 1023) {
                        run.check();
                    }
                    if (pipeline.process(entries.time(i), entries.line(i), stream, entries.metadata(i))) {
                        String level = level(stream, entries.metadata(i));
                        byLevel.computeIfAbsent(level, l -> PatternDetector.withDefaults(buckets))
                                .add(pipeline.line(), (int) ((entries.time(i) - aligned) / step));
                    }
                }
            }
        }
        List<Found> found = new ArrayList<>();
        for (var e : byLevel.entrySet()) {
            for (PatternDetector.Cluster c : e.getValue().clusters()) {
                found.add(new Found(e.getKey(), c));
            }
        }
        found.sort((a, b) -> a.cluster.total != b.cluster.total ? Long.compare(b.cluster.total, a.cluster.total)
                : a.cluster.pattern().compareTo(b.cluster.pattern()));
        return LokiJson.unwrapped(json -> {
            json.writeStartObject();
            json.writeStringField("status", "success");
            json.writeArrayFieldStart("data");
            for (Found f : found) {
                json.writeStartObject();
                json.writeStringField("pattern", f.cluster.pattern());
                json.writeStringField("level", f.level);
                json.writeArrayFieldStart("samples");
                int[] counts = f.cluster.counts;
                for (int b = 0; b < counts.length; b++) {
                    if (counts[b] > 0) {
                        json.writeStartArray();
                        json.writeNumber(Math.floorDiv(aligned + b * step, 1_000_000_000L));
                        json.writeNumber(counts[b]);
                        json.writeEndArray();
                    }
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private record Found(String level, PatternDetector.Cluster cluster) {
    }

    private static List<LabelMatcher> exactly(Labels stream) {
        List<LabelMatcher> out = new ArrayList<>(stream.size());
        for (int i = 0; i < stream.size(); i++) {
            out.add(LabelMatcher.equal(stream.name(i), stream.value(i)));
        }
        return out;
    }

    /** The entry's level: its metadata's {@code detected_level}, else the stream's, else {@code unknown}. */
    private static String level(Labels stream, Labels metadata) {
        String level = metadata == null ? null : metadata.get(LEVEL_LABEL);
        if (level == null) {
            level = stream.get(LEVEL_LABEL);
        }
        if (level == null) {
            return "unknown";
        }
        level = level.toLowerCase(Locale.ROOT);
        return LEVELS.contains(level) ? level : "unknown";
    }
}

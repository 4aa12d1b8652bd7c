package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.logs.store.LogReader;
import dev.panoptes.logs.store.ReadCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The fields of the lines a log query selects, for {@code /detected_fields}: the query runs over
 * its {@code lineLimit} most recent lines, and every structured metadata label, every label the
 * query's own parsers set and every key found by parsing the line as JSON (or, when it is not
 * JSON, as logfmt) is a field, as Loki 3 finds them. Stream labels are not fields. Each field has
 * a type ({@link FieldType}, from its value in the oldest line read, since Loki re-detects it line
 * after line), its number of distinct values (exact, where Loki estimates: both agree on small
 * sets), the parsers that found it (none for structured metadata) and, for JSON keys, the path
 * of keys in the object it came from.
 *
 * <p>Holds one request's state; not thread-safe.
 */
public final class DetectedFields {

    /**
     * One detected field.
     *
     * @param parsers {@code json} and/or {@code logfmt}; empty for structured metadata alone
     * @param jsonPath the keys leading to it in the JSON line, or empty
     */
    public record Field(String label, String type, long cardinality, List<String> parsers, List<String> jsonPath) {
    }

    private final int fieldLimit;
    private final Map<String, Found> fields = new HashMap<>();
    private final LogPipeline json = LogPipeline.compile(List.of(new PipelineStage.JsonParser(List.of())));
    private final LogPipeline logfmt = LogPipeline.compile(List.of(new PipelineStage.LogfmtParser(false, false, List.of())));

    private DetectedFields(int fieldLimit) {
        this.fieldLimit = fieldLimit;
    }

    /**
     * Runs {@code expr} over {@code start <= t < end} and returns at most {@code fieldLimit}
     * fields (the first found, newest lines first), by name.
     */
    public static List<Field> detect(LogSelectorExpr expr, long start, long end, int lineLimit, int fieldLimit, LogReader reader,
                                     ReadCheck check) {
        DetectedFields detected = new DetectedFields(fieldLimit);
        new LogQueryEngine().forEachRecent(expr, start, end, lineLimit, reader, check, detected::add);
        List<Field> out = new ArrayList<>(detected.fields.size());
        for (Map.Entry<String, Found> e : new TreeMap<>(detected.fields).entrySet()) {
            Found f = e.getValue();
            out.add(new Field(e.getKey(), f.type, f.values.size(), List.copyOf(f.parsers), f.jsonPath));
        }
        return out;
    }

    /** A field as found so far. */
    private static final class Found {
        final Set<String> values = new HashSet<>();
        final Set<String> parsers = new LinkedHashSet<>();
        String type = "string";
        List<String> jsonPath = List.of();
    }

    private void add(long time, Labels stream, Labels metadata, String line, Labels labels) {
        for (int i = 0; i < metadata.size(); i++) {
            Found f = field(metadata.name(i));
            if (f != null) {
                f.type = FieldType.of(metadata.value(i));
                f.values.add(metadata.value(i));
            }
        }
        LineFields found = parse(time, stream, metadata, line, labels);
        Map<String, List<String>> paths = found.parser().equals("json") ? JsonPaths.of(line) : Map.of();
        for (Map.Entry<String, Set<String>> e : found.parsed().entrySet()) {
            Found f = field(e.getKey());
            if (f == null) {
                continue;
            }
            f.parsers.add(found.parser());
            if (found.parser().equals("json")) {
                String name = e.getKey();
                List<String> path = paths.get(name);
                if (path == null && name.endsWith(PipelineLabels.EXTRACTED_SUFFIX)) {
                    path = paths.get(name.substring(0, name.length() - PipelineLabels.EXTRACTED_SUFFIX.length()));
                }
                f.jsonPath = path != null ? path : List.of();
            }
            f.type = FieldType.of(e.getValue().iterator().next());
            f.values.addAll(e.getValue());
        }
    }

    /** What parsing found in one line, by field name, and the parser ({@code json} or {@code logfmt}) that read the line itself. */
    private record LineFields(Map<String, Set<String>> parsed, String parser) {
    }

    /**
     * The labels the query's own parsers set (not stored with the entry, not error labels), then
     * the keys of the line read as JSON, or as logfmt when it is not JSON, as Loki tries them; a
     * key that clashes with a stream label comes out as {@code name_extracted}.
     */
    private LineFields parse(long time, Labels stream, Labels metadata, String line, Labels labels) {
        Map<String, Set<String>> parsed = new TreeMap<>();
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            String value = labels.value(i);
            if (!name.startsWith("__") && !(stream.has(name) && value.equals(stream.get(name)))
                    && !(metadata.has(name) && value.equals(metadata.get(name)))) {
                parsed.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(value);
            }
        }
        String parser = "json";
        LogPipeline auto = json;
        auto.process(time, line, stream, Labels.empty());
        if (auto.labels().has(PipelineLabels.ERROR)) {
            parser = "logfmt";
            auto = logfmt;
            auto.process(time, line, stream, Labels.empty());
        }
        Labels found = auto.labels();
        for (int i = 0; i < found.size(); i++) {
            if (!stream.has(found.name(i))) {
                parsed.computeIfAbsent(found.name(i), n -> new LinkedHashSet<>()).add(found.value(i));
            }
        }
        return new LineFields(parsed, parser);
    }

    /**
     * The distinct values of the field {@code name} in the lines {@code expr} selects over
     * {@code start <= t < end} (its {@code lineLimit} most recent), sorted, for
     * {@code /detected_field/<name>/values}: its structured metadata values as stored and its
     * parsed values through {@code parsedValue}. As in Loki, lines stop being read once
     * {@code limit} values are found, so the last line read may take the count past it.
     */
    public static List<String> values(LogSelectorExpr expr, long start, long end, int lineLimit, String name, int limit,
                                      UnaryOperator<String> parsedValue, LogReader reader, ReadCheck check) {
        DetectedFields parsing = new DetectedFields(0);
        Set<String> values = new TreeSet<>();
        new LogQueryEngine().forEachRecent(expr, start, end, lineLimit, reader, check, (time, stream, metadata, line, labels) -> {
            if (values.size() >= limit) {
                return;
            }
            if (metadata.has(name)) {
                values.add(metadata.get(name));
            }
            Set<String> parsed = parsing.parse(time, stream, metadata, line, labels).parsed().get(name);
            if (parsed != null) {
                for (String v : parsed) {
                    values.add(parsedValue.apply(v));
                }
            }
        });
        return List.copyOf(values);
    }

    private Found field(String name) {
        Found f = fields.get(name);
        if (f == null && fields.size() < fieldLimit) {
            f = new Found();
            fields.put(name, f);
        }
        return f;
    }
}

package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A log query's pipeline compiled for evaluation: each entry goes through the stages in order
 * and is either dropped or comes out with its (possibly rewritten) line and labels. Log queries,
 * metric queries, the live tail and pattern detection all run their entries through it.
 *
 * <p>Every stage is evaluated with Loki 3's semantics: line filters (substrings, regexes,
 * patterns, {@code ip()}), the json, logfmt, regexp, pattern and unpack parsers, label filters,
 * line_format and label_format templates, decolorize, drop and keep. The labels an entry starts
 * with are its stream's labels plus its structured metadata (metadata wins on a clash); a parser
 * names a label that clashes with either {@code name_extracted}; a stage that fails on a line
 * sets {@code __error__} (and {@code __error_details__}) and keeps it. Consecutive line filters
 * are run as one chain; regexes, patterns and templates are compiled once here, never per line.
 *
 * <p>Not thread-safe: a pipeline keeps per-entry working state, so each query thread compiles its own.
 */
public final class LogPipeline {

    /** How many (stream, metadata) pairs {@link #merged} remembers. */
    private static final int MERGED_CACHE = 4;
    /** Lines between two looks at how many lines the {@link #probe} keeps; a power of two. */
    private static final int PROBE_WINDOW = 1024;

    private final PipelineStep[] steps;
    private final LineFilterChain leadingFilter;
    /** Whether a stage searches a stored line's bytes. */
    private final boolean searchesStoredBytes;
    private final PipelineEntry entry = new PipelineEntry();
    private final Labels[] cachedStreams = new Labels[MERGED_CACHE];
    private final Labels[] cachedMetadata = new Labels[MERGED_CACHE];
    private final Labels[] cachedMerged = new Labels[MERGED_CACHE];
    private int nextCached;
    /** The result's labels, built on the first {@link #labels()} call after an entry is kept: many callers never ask. */
    private Labels labels;
    /**
     * The stages up to the last label filter after an unhinted parser, compiled with the parser
     * extracting only the labels those filters read ({@link ParserHints}); an entry it drops the
     * whole pipeline would drop too, so such an entry is never fully parsed. Null when there is
     * no such prefix, and set to null once it keeps most lines (then it only costs).
     */
    private LogPipeline probe;
    private boolean probeSearchesStoredBytes;
    private long probed;
    private long probeKept;

    private LogPipeline(PipelineStep[] steps) {
        this.steps = steps;
        this.leadingFilter = steps.length > 0 && steps[0] instanceof LineFilterChain f ? f : null;
        boolean bytes = false;
        for (PipelineStep step : steps) {
            bytes |= step instanceof ExtractingSteps.Patterned || step instanceof JsonStep j && j.searchesStoredBytes()
                    || step instanceof ExtractingSteps.Regexp r && r.searchesStoredBytes();
        }
        this.searchesStoredBytes = bytes;
    }

    /**
     * Compiles {@code stages}.
     *
     * @throws IllegalArgumentException if a stage's text the parser did not check is invalid (it checks templates,
     *     JSON paths and ip() patterns, so a parsed query never gets here)
     */
    public static LogPipeline compile(List<PipelineStage> stages) {
        return compile(stages, null);
    }

    /**
     * Compiles {@code stages} for a caller that reads only {@code resultLabels} of each result
     * (a metric query grouping by them): when the stages allow it ({@link ParserHints}), the
     * parser then extracts only those labels and the ones later filters read, and
     * {@link #labels()} holds no other parsed label. Otherwise, when label filters follow the
     * parser, a hinted probe of the stages up to them runs first and only the lines it
     * keeps are parsed in full.
     *
     * @param resultLabels the labels the caller reads; null when it reads them all
     */
    public static LogPipeline compile(List<PipelineStage> stages, Set<String> resultLabels) {
        ParserHints hints = ParserHints.of(stages, resultLabels);
        LogPipeline pipeline = build(stages, hints);
        List<PipelineStage> prefix = hints == null ? ParserHints.filteringPrefix(stages) : null;
        if (prefix != null) {
            pipeline.probe = build(prefix, ParserHints.exact(prefix));
            pipeline.probeSearchesStoredBytes = pipeline.probe.searchesStoredBytes;
        }
        return pipeline;
    }

    /** As {@link #compile(List)} but never with a {@link #probe}; tests compare the two. */
    static LogPipeline compileWithoutProbe(List<PipelineStage> stages) {
        return build(stages, ParserHints.of(stages, null));
    }

    private static LogPipeline build(List<PipelineStage> stages, ParserHints hints) {
        List<PipelineStep> steps = new ArrayList<>();
        List<LineFilter> run = new ArrayList<>();
        for (PipelineStage stage : stages) {
            if (stage instanceof LineFilter f) {
                run.add(f);
                continue;
            }
            if (!run.isEmpty()) {
                steps.add(new LineFilterChain(run));
                run = new ArrayList<>();
            }
            steps.add(step(stage, hints));
        }
        if (!run.isEmpty()) {
            steps.add(new LineFilterChain(run));
        }
        return new LogPipeline(steps.toArray(new PipelineStep[0]));
    }

    private static PipelineStep step(PipelineStage stage, ParserHints hints) {
        return switch (stage) {
            case LineFilter f -> new LineFilterChain(List.of(f));
            case PipelineStage.JsonParser s -> s.extractions().isEmpty() ? new JsonStep(hints) : new JsonStep.Extracting(s.extractions());
            case PipelineStage.LogfmtParser s -> new LogfmtStep(s, hints);
            case PipelineStage.RegexpParser s -> new ExtractingSteps.Regexp(s.regex());
            case PipelineStage.PatternParser s -> new ExtractingSteps.Patterned(s.pattern());
            case PipelineStage.UnpackParser s -> new UnpackStep();
            case PipelineStage.LabelFilterStage s -> new LabelFilterStep(s.filter());
            case PipelineStage.LineFormat s -> new FormattingSteps.LineFormat(s.template());
            case PipelineStage.LabelFormat s -> new FormattingSteps.LabelFormat(s.entries());
            case PipelineStage.Decolorize s -> new FormattingSteps.Decolorize();
            case PipelineStage.DropLabels s -> new FormattingSteps.Drop(s.labels());
            case PipelineStage.KeepLabels s -> new FormattingSteps.Keep(s.labels());
        };
    }

    /**
     * Runs one entry through the stages.
     *
     * @param timestampNanos the entry's time (templates' {@code __timestamp__} uses it)
     * @param stream the stream's labels
     * @param metadata the entry's structured metadata (empty when none)
     * @return false when a stage drops the entry; when true, {@link #line()} and
     *     {@link #labels()} hold the result until the next call
     */
    public boolean process(long timestampNanos, String line, Labels stream, Labels metadata) {
        if (probe != null && !probeKeeps(probe.process(timestampNanos, line, stream, metadata))) {
            return false;
        }
        entry.reset(line);
        return run(timestampNanos, stream, metadata);
    }

    /**
     * As {@link #process(long, String, Labels, Labels)} for a line stored as the UTF-8 bytes
     * {@code payload[from, from + length)}, which {@code payloadText} views as Latin-1 (one char
     * per byte): stages that can search the bytes do, and the line's String is built only if a
     * stage or the caller asks for it.
     */
    public boolean process(long timestampNanos, String payloadText, byte[] payload, int from, int length, Labels stream, Labels metadata) {
        if (probe != null && !probeKeeps(probe.process(timestampNanos, payloadText, payload, from, length, stream, metadata))) {
            return false;
        }
        entry.reset(payloadText, payload, from, from + length);
        return run(timestampNanos, stream, metadata);
    }

    /**
     * Counts the probe's answer; every {@value #PROBE_WINDOW} lines, drops the probe if it kept
     * more than three lines in four so far: a kept line is parsed twice, and at that rate the
     * lines it spares no longer pay for it.
     */
    private boolean probeKeeps(boolean kept) {
        if (kept) {
            probeKept++;
        }
        if ((++probed & (PROBE_WINDOW - 1)) == 0 && probeKept * 4 > probed * 3) {
            probe = null;
        }
        return kept;
    }

    /** Whether the probe still runs ahead of the stages (for tests). */
    boolean probing() {
        return probe != null;
    }

    /**
     * Whether a stored line is best handed over as its place in the chunk's payload
     * ({@link #process(long, String, byte[], int, int, Labels, Labels)}): true when a stage
     * searches the bytes or no stage reads the line; otherwise the payload's Latin-1 view would
     * be made for nothing and the line's String is wanted anyway.
     */
    public boolean readsStoredBytes() {
        return searchesStoredBytes() || steps.length == 0;
    }

    /**
     * Whether a stage searches a stored line's bytes: then a caller that wants the line of each
     * entry kept still gains by handing lines over as their place in the payload, since the
     * lines dropped are never built.
     */
    public boolean searchesStoredBytes() {
        return searchesStoredBytes || probeSearchesStoredBytes;
    }

    private boolean run(long timestampNanos, Labels stream, Labels metadata) {
        PipelineEntry e = entry;
        e.timestampNanos = timestampNanos;
        // A leading line filter runs before the labels are set up: most lines stop there.
        if (leadingFilter == null || leadingFilter.accepts(e.line())) {
            e.labels.reset(stream, metadata, merged(stream, metadata));
            for (int i = leadingFilter == null ? 0 : 1; i < steps.length; i++) {
                if (!steps[i].apply(e)) {
                    return false;
                }
            }
            labels = null;
            return true;
        }
        return false;
    }

    /** The line after the stages, valid after {@link #process} returned true. */
    public String line() {
        return entry.line();
    }

    /** The UTF-8 length of {@link #line()}, valid after {@link #process} returned true; the line is not built for it. */
    public int lineBytes() {
        return entry.lineBytes();
    }

    /** The labels after the stages, valid after {@link #process} returned true. */
    public Labels labels() {
        if (labels == null) {
            labels = entry.labels.build();
        }
        return labels;
    }

    /** Whether the result carries {@code __error__}, valid after {@link #process} returned true. */
    boolean hasError() {
        return entry.labels.hasError();
    }

    /**
     * Where the result's label {@code name} is, for the {@code result...At} reads below, valid
     * after {@link #process} returned true; -1 when it is absent or an error label (then read
     * by name). {@code hint} is the slot this returned for the name on an earlier line, tried first.
     */
    int resultSlot(String name, int hint) {
        return entry.labels.slot(name, hint);
    }

    /** The result's value of {@code name} at {@code slot} ({@link #resultSlot}), {@code ""} when absent: what {@link #labels()} would hold. */
    String resultValueAt(int slot, String name) {
        return slot < 0 ? entry.labels.valueOrEmpty(name) : entry.labels.valueAt(slot);
    }

    /**
     * Whether {@link #resultValueAt} equals {@code expected} ({@code expectedAscii}: whether it
     * is all ASCII), compared in place when the value is still a slice of the line.
     */
    boolean resultValueEqualsAt(int slot, String name, String expected, boolean expectedAscii) {
        return slot < 0 ? entry.labels.valueOrEmpty(name).equals(expected) : entry.labels.valueEqualsAt(slot, expected, expectedAscii);
    }

    /** A cheap hash of {@link #resultValueAt} ({@link PipelineLabels#quickHash}), computed in place when the value is still a slice of the line. */
    int resultValueHashAt(int slot, String name) {
        return slot < 0 ? PipelineLabels.quickHash(entry.labels.valueOrEmpty(name)) : entry.labels.valueHashAt(slot);
    }

    /**
     * Stream labels with metadata over them, cached by identity for the last few pairs: entries
     * of one stream mostly carry no metadata or one of a few label sets (a level each), which a
     * chunk's decode shares.
     */
    private Labels merged(Labels stream, Labels metadata) {
        for (int i = 0; i < MERGED_CACHE; i++) {
            if (cachedStreams[i] == stream && cachedMetadata[i] == metadata) {
                return cachedMerged[i];
            }
        }
        Labels merged;
        if (metadata.isEmpty()) {
            merged = stream;
        } else {
            Labels.Builder b = stream.toBuilder();
            for (int i = 0; i < metadata.size(); i++) {
                b.set(metadata.name(i), metadata.value(i));
            }
            merged = b.build();
        }
        cachedStreams[nextCached] = stream;
        cachedMetadata[nextCached] = metadata;
        cachedMerged[nextCached] = merged;
        nextCached = (nextCached + 1) % MERGED_CACHE;
        return merged;
    }
}

package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * A log query's pipeline compiled for evaluation: each entry goes through the stages in order
 * and is either dropped or comes out with its (possibly rewritten) line and labels. Log queries
 * and metric queries both run their entries through it.
 *
 * <p>The labels an entry starts with are its stream's labels plus its structured metadata
 * (metadata wins on a clash, as in Loki's results); stages add, change and drop labels from there.
 *
 * <p>Not thread-safe: a pipeline keeps per-entry working state, so each query thread compiles its own.
 */
public final class LogPipeline {

    private final LineFilterChain filters;
    private final List<List<String>> requiredSubstrings;
    private String line;
    private Labels labels;

    private LogPipeline(List<LineFilter> lineFilters) {
        this.filters = new LineFilterChain(lineFilters);
        List<List<String>> required = new ArrayList<>();
        for (LineFilter f : lineFilters) {
            if (f.op() == LineFilter.Op.CONTAINS) {
                required.add(f.texts());
            }
        }
        this.requiredSubstrings = List.copyOf(required);
    }

    /**
     * Compiles {@code stages}.
     *
     * @throws UnsupportedQueryException if a stage is one this build does not evaluate yet
     */
    public static LogPipeline compile(List<PipelineStage> stages) throws UnsupportedQueryException {
        List<LineFilter> filters = new ArrayList<>();
        for (PipelineStage stage : stages) {
            switch (stage) {
                case LineFilter f when f.op().isPattern() -> throw new UnsupportedQueryException("pattern line filters (" + f.op().symbol() + ") are");
                case LineFilter f when f.hasIpOperand() -> throw new UnsupportedQueryException("ip() line filters are");
                case LineFilter f -> filters.add(f);
                case PipelineStage.JsonParser s -> throw unsupportedStage("json");
                case PipelineStage.LogfmtParser s -> throw unsupportedStage("logfmt");
                case PipelineStage.RegexpParser s -> throw unsupportedStage("regexp");
                case PipelineStage.PatternParser s -> throw unsupportedStage("pattern");
                case PipelineStage.UnpackParser s -> throw unsupportedStage("unpack");
                case PipelineStage.LabelFilterStage s -> throw new UnsupportedQueryException("label filter stages (| " + s.filter() + ") are");
                case PipelineStage.LineFormat s -> throw unsupportedStage("line_format");
                case PipelineStage.LabelFormat s -> throw unsupportedStage("label_format");
                case PipelineStage.Decolorize s -> throw unsupportedStage("decolorize");
                case PipelineStage.DropLabels s -> throw unsupportedStage("drop");
                case PipelineStage.KeepLabels s -> throw unsupportedStage("keep");
            }
        }
        return new LogPipeline(filters);
    }

    private static UnsupportedQueryException unsupportedStage(String name) {
        return new UnsupportedQueryException("the " + name + " stage is");
    }

    /**
     * What every kept line must contain: one group per {@code |=} filter before any stage that
     * rewrites the line, any one of the group's strings. The store may skip chunks by bloom
     * filter with it; lines it returns still go through {@link #process}.
     */
    public List<List<String>> requiredSubstrings() {
        return requiredSubstrings;
    }

    /**
     * Runs one entry through the stages.
     *
     * @param timestampNanos the entry's time (line_format's {@code __timestamp__} uses it)
     * @param stream the stream's labels
     * @param metadata the entry's structured metadata (empty when none)
     * @return false when a stage drops the entry; when true, {@link #line()} and
     *     {@link #labels()} hold the result until the next call
     */
    public boolean process(long timestampNanos, String line, Labels stream, Labels metadata) {
        if (!filters.isEmpty() && !filters.accepts(line)) {
            return false;
        }
        this.line = line;
        this.labels = merge(stream, metadata);
        return true;
    }

    /** The line after the stages, valid after {@link #process} returned true. */
    public String line() {
        return line;
    }

    /** The labels after the stages, valid after {@link #process} returned true. */
    public Labels labels() {
        return labels;
    }

    private static Labels merge(Labels stream, Labels metadata) {
        if (metadata.isEmpty()) {
            return stream;
        }
        Labels.Builder b = stream.toBuilder();
        for (int i = 0; i < metadata.size(); i++) {
            b.set(metadata.name(i), metadata.value(i));
        }
        return b.build();
    }
}

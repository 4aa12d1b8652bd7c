package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.MatchType;
import dev.panoptes.logs.store.LineCondition;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline split into what the store can test and what {@link LogPipeline} runs: the line
 * filters that see the line as stored become the store's line conditions (tested on the lines'
 * bytes, chunks skipped by bloom), the other stages stay, in order. A filter sees the stored line
 * when no stage ahead of it rewrites the line ({@code line_format}, {@code decolorize},
 * {@code unpack}); parsers, label filters and the label stages only add to or test the labels,
 * and line filters are tests of the line alone, so moving such a filter ahead of them drops the
 * same lines ({@code {app="a"} | json | level="error" |= "timeout"} reads only the chunks whose
 * blooms allow {@code timeout}).
 *
 * <p>Label filters ahead of every stage that can set a label's value (the parsers and
 * {@code label_format}) also hand the store their {@code name="value"} equalities: such a label
 * can only be a stream label or structured metadata, so in a stream without it the chunks whose
 * blooms lack the value are skipped ({@code {service_name="cart"} | trace_id="4bf9..."}). Those
 * stages stay in {@link #rest}, which decides each entry.
 */
record PushedDownFilters(List<LineCondition> conditions, List<LabelMatcher> labelEqualities, List<PipelineStage> rest) {

    static PushedDownFilters of(List<PipelineStage> pipeline) {
        List<LineCondition> conditions = new ArrayList<>();
        List<LabelMatcher> equalities = new ArrayList<>();
        List<PipelineStage> rest = new ArrayList<>(pipeline.size());
        boolean lineIsStored = true;
        boolean labelsAreStored = true;
        for (PipelineStage stage : pipeline) {
            labelsAreStored &= !setsLabels(stage);
            if (labelsAreStored && stage instanceof PipelineStage.LabelFilterStage f) {
                addEqualities(f.filter(), equalities);
            }
            LineCondition condition = lineIsStored && stage instanceof LineFilter f ? f.toLineCondition() : null;
            if (condition != null) {
                conditions.add(condition);
            } else {
                rest.add(stage);
                lineIsStored &= !rewritesLine(stage);
            }
        }
        return new PushedDownFilters(List.copyOf(conditions), List.copyOf(equalities), List.copyOf(rest));
    }

    /** The equalities every entry passing {@code filter} satisfies: its own, or those of each operand of an {@code and}. */
    private static void addEqualities(LabelFilter filter, List<LabelMatcher> out) {
        switch (filter) {
            case LabelFilter.StringMatch s when s.matcher().type() == MatchType.EQUAL && !s.matcher().value().isEmpty()
                    && !s.matcher().name().startsWith("__") -> out.add(s.matcher());
            case LabelFilter.And and -> and.operands().forEach(operand -> addEqualities(operand, out));
            default -> {
            }
        }
    }

    private static boolean setsLabels(PipelineStage stage) {
        return switch (stage) {
            case PipelineStage.JsonParser s -> true;
            case PipelineStage.LogfmtParser s -> true;
            case PipelineStage.RegexpParser s -> true;
            case PipelineStage.PatternParser s -> true;
            case PipelineStage.UnpackParser s -> true;
            case PipelineStage.LabelFormat s -> true;
            case LineFilter s -> false;
            case PipelineStage.LabelFilterStage s -> false;
            case PipelineStage.LineFormat s -> false;
            case PipelineStage.Decolorize s -> false;
            case PipelineStage.DropLabels s -> false;
            case PipelineStage.KeepLabels s -> false;
        };
    }

    private static boolean rewritesLine(PipelineStage stage) {
        return switch (stage) {
            case PipelineStage.LineFormat s -> true;
            case PipelineStage.Decolorize s -> true;
            case PipelineStage.UnpackParser s -> true;
            case LineFilter s -> false;
            case PipelineStage.JsonParser s -> false;
            case PipelineStage.LogfmtParser s -> false;
            case PipelineStage.RegexpParser s -> false;
            case PipelineStage.PatternParser s -> false;
            case PipelineStage.LabelFilterStage s -> false;
            case PipelineStage.LabelFormat s -> false;
            case PipelineStage.DropLabels s -> false;
            case PipelineStage.KeepLabels s -> false;
        };
    }
}

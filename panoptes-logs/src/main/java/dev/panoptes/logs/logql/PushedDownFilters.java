package dev.panoptes.logs.logql;

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
 */
record PushedDownFilters(List<LineCondition> conditions, List<PipelineStage> rest) {

    static PushedDownFilters of(List<PipelineStage> pipeline) {
        List<LineCondition> conditions = new ArrayList<>();
        List<PipelineStage> rest = new ArrayList<>(pipeline.size());
        boolean lineIsStored = true;
        for (PipelineStage stage : pipeline) {
            LineCondition condition = lineIsStored && stage instanceof LineFilter f ? f.toLineCondition() : null;
            if (condition != null) {
                conditions.add(condition);
            } else {
                rest.add(stage);
                lineIsStored &= !rewritesLine(stage);
            }
        }
        return new PushedDownFilters(List.copyOf(conditions), List.copyOf(rest));
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

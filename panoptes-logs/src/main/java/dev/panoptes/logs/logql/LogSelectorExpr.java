package dev.panoptes.logs.logql;

import java.util.List;

/** A log query: the streams a selector picks, then each line through the pipeline's stages in order. */
public record LogSelectorExpr(StreamSelector selector, List<PipelineStage> pipeline) implements LogQLExpr {

    public LogSelectorExpr {
        pipeline = List.copyOf(pipeline);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(selector.toString());
        for (PipelineStage stage : pipeline) {
            out.append(' ').append(stage);
        }
        return out.toString();
    }
}

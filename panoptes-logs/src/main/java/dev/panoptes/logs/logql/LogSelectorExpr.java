package dev.panoptes.logs.logql;

import java.util.List;

/**
 * A log query: the streams {@code selector} picks, then each line through {@code pipeline}'s
 * stages in order (a stage may drop the line, change it, or change its labels).
 *
 * @param selector the stream selector; it has at least one matcher that does not match the empty string
 * @param pipeline the stages after the selector, in query order; may be empty
 */
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

package dev.panoptes.logs.logql;

import dev.panoptes.logs.store.LineCondition;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline split where the store stops helping: the line filters ahead of every other stage
 * become the store's line conditions (tested on the lines' bytes, chunks skipped by bloom), and
 * the stages from the first one the store cannot run are left for {@link LogPipeline}.
 */
record PushedDownFilters(List<LineCondition> conditions, List<PipelineStage> rest) {

    static PushedDownFilters of(List<PipelineStage> pipeline) {
        List<LineCondition> conditions = new ArrayList<>();
        int rest = 0;
        while (rest < pipeline.size() && pipeline.get(rest) instanceof LineFilter f && f.toLineCondition() != null) {
            conditions.add(f.toLineCondition());
            rest++;
        }
        return new PushedDownFilters(conditions, pipeline.subList(rest, pipeline.size()));
    }
}

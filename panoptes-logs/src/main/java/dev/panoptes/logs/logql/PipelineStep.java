package dev.panoptes.logs.logql;

/**
 * One compiled pipeline stage: changes the entry in place and says whether it is kept. A step
 * never throws for a bad line; it sets the error label instead, as Loki's stages do.
 */
interface PipelineStep {

    /** Applies the stage to {@code entry}; false drops the entry. */
    boolean apply(PipelineEntry entry);
}

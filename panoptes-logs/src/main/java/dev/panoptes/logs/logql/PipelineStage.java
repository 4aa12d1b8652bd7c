package dev.panoptes.logs.logql;

/**
 * One stage of a log pipeline, applied to each line in order. Line filters today; parsers, label
 * filters and formatters join this hierarchy as they are supported.
 */
public sealed interface PipelineStage permits LineFilter {
}

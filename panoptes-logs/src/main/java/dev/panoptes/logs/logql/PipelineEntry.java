package dev.panoptes.logs.logql;

/**
 * The entry a {@link LogPipeline} is working on: its time, its line as the stages so far left
 * it, and its labels. Reused from entry to entry; not thread-safe.
 */
final class PipelineEntry {

    long timestampNanos;
    String line;
    final PipelineLabels labels = new PipelineLabels();
}

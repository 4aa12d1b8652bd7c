package dev.panoptes.metrics.promqltest;

import dev.panoptes.core.labels.Labels;

/**
 * One {@code <series> <value sequence>} line of a script, in a {@code load} block or as an
 * expected result; {@code line} is 1-based.
 */
record SeriesLine(Labels labels, ValueSequence values, int line) {
}

/**
 * Parsers of the text exposition formats that targets serve and files hold: the Prometheus text
 * format (0.0.4) and OpenMetrics 1.0 text. They stream: a {@link
 * dev.panoptes.wire.exposition.ExpositionSink} receives metadata and samples as lines are read,
 * so a whole file or a large scrape is never held as objects.
 */
package dev.panoptes.wire.exposition;

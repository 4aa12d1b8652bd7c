/**
 * OTLP to the stores' models. Metrics to Prometheus series, as the OpenTelemetry-Prometheus
 * compatibility specification describes: names with unit and type suffixes, attributes as
 * labels, resources as {@code job}/{@code instance} plus {@code target_info}, sums as counters or
 * gauges, histograms as classic buckets, exponential histograms as native histograms, summaries
 * as quantiles; delta temporality made cumulative per stream. Logs to Loki streams and entries,
 * as Loki 3 maps them ({@link dev.panoptes.wire.otlp.OtlpLogsTranslator}): chosen resource
 * attributes as stream labels, everything else as structured metadata, the body as the line.
 * The OTLP message classes are the generated ones from {@code opentelemetry-proto}.
 */
package dev.panoptes.wire.otlp;

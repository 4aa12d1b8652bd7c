/**
 * The PromQL conformance runner: reads PromQL test scripts (the {@code load} / {@code eval} /
 * {@code clear} language of Prometheus' {@code promql/promqltest/testdata}), loads their data
 * into a real {@link dev.panoptes.metrics.tsdb.Tsdb}, runs every eval through
 * {@link dev.panoptes.metrics.promql.PromqlEngine} with the extra step-invariance and range-mode
 * checks the reference runner makes, and reports passes and failures per file. Main code rather
 * than test code because {@code panoptes promqltest} runs it too. Depends on the engine, its
 * parser, the TSDB and core.
 */
package dev.panoptes.metrics.promqltest;

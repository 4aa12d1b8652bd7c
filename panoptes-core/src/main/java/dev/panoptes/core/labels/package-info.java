/**
 * Series identity: {@link dev.panoptes.core.labels.Labels} (a sorted label set) and
 * {@link dev.panoptes.core.labels.LabelMatcher} (one condition of a selector, with Prometheus'
 * regex semantics). Shared by every pillar: metrics series, log streams, profile series.
 */
package dev.panoptes.core.labels;

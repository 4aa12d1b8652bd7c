/**
 * The storage interfaces of the metrics pillar, in Prometheus' shape: {@link
 * dev.panoptes.metrics.storage.Querier} and its lazy {@link dev.panoptes.metrics.storage.SeriesSet}
 * and {@link dev.panoptes.metrics.storage.SampleIterator} for reading, {@link
 * dev.panoptes.metrics.storage.Appender} for batched writing, {@link
 * dev.panoptes.metrics.storage.Storage} for one tenant's whole store. The query engine, the API
 * and the receivers depend on these and never on the TSDB itself, so that other storage (remote,
 * merged) plugs in alike. Depends only on {@code panoptes-core}.
 */
package dev.panoptes.metrics.storage;

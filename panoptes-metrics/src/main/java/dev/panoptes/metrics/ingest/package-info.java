/**
 * Receivers that bring metrics into a tenant's storage over the network: Prometheus remote
 * write 1.0 and 2.0 today. They decode with {@code dev.panoptes.wire}, append through
 * {@code dev.panoptes.metrics.storage}, and answer with the status codes the protocols define.
 */
package dev.panoptes.metrics.ingest;

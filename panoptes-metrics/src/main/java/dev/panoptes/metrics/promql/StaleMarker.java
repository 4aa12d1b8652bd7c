package dev.panoptes.metrics.promql;

/**
 * The staleness marker: a NaN with one particular bit pattern that scrapes and remote write use
 * to say a series ended. Compared by raw bits, since an ordinary NaN is a value.
 */
final class StaleMarker {

    static final long BITS = 0x7ff0000000000002L;

    private StaleMarker() {
    }
}

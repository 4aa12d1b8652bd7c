package dev.panoptes.metrics.storage;

/** Storage that can be read: opens a {@link Querier} over a time range. */
public interface Queryable {

    /** A querier over samples with timestamps in {@code [mint, maxt]} (milliseconds, inclusive). */
    Querier querier(long mint, long maxt);
}

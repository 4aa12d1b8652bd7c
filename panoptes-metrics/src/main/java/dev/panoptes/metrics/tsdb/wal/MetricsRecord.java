package dev.panoptes.metrics.tsdb.wal;

/**
 * The first byte of every metrics record in the log, naming what follows. Values are part of the
 * on-disk format: never renumber, only add.
 */
public final class MetricsRecord {

    public static final byte SERIES = 1;
    public static final byte SAMPLES = 2;
    public static final byte HISTOGRAMS = 3;
    public static final byte FLOAT_HISTOGRAMS = 4;
    public static final byte EXEMPLARS = 5;
    public static final byte METADATA = 6;
    public static final byte TOMBSTONES = 7;
    /** As {@link #SAMPLES}, {@link #HISTOGRAMS} and {@link #FLOAT_HISTOGRAMS}, each sample followed by its start timestamp. */
    public static final byte SAMPLES_WITH_STARTS = 8;
    public static final byte HISTOGRAMS_WITH_STARTS = 9;
    public static final byte FLOAT_HISTOGRAMS_WITH_STARTS = 10;

    private MetricsRecord() {
    }
}

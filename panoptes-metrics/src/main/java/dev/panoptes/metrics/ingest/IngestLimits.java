package dev.panoptes.metrics.ingest;

/**
 * The {@code limits:} section: what one series may look like when it is written. A series over
 * a limit is refused with a message naming the limit and its value. Defaults are Mimir's.
 *
 * @param maxLabelNameLength longest label name, in characters (0: no limit)
 * @param maxLabelValueLength longest label value, in characters (0: no limit)
 * @param maxLabelNamesPerSeries most labels a series may carry, its name included (0: no limit)
 * @param ingestionRate samples a second one tenant may write, averaged (0: no limit)
 * @param ingestionBurstSize samples one tenant may write at once above the rate (default: the rate)
 */
public record IngestLimits(Integer maxLabelNameLength, Integer maxLabelValueLength, Integer maxLabelNamesPerSeries,
                           Double ingestionRate, Integer ingestionBurstSize) {

    public IngestLimits {
        maxLabelNameLength = orDefault(maxLabelNameLength, 1024, "max_label_name_length");
        maxLabelValueLength = orDefault(maxLabelValueLength, 2048, "max_label_value_length");
        maxLabelNamesPerSeries = orDefault(maxLabelNamesPerSeries, 30, "max_label_names_per_series");
        if (ingestionRate == null) {
            ingestionRate = 0.0;
        }
        if (ingestionRate < 0) {
            throw new IllegalArgumentException("ingestion_rate must not be negative");
        }
        ingestionBurstSize = orDefault(ingestionBurstSize, 0, "ingestion_burst_size");
    }

    private static int orDefault(Integer value, int fallback, String key) {
        if (value == null) {
            return fallback;
        }
        if (value < 0) {
            throw new IllegalArgumentException(key + " must not be negative");
        }
        return value;
    }

    public static IngestLimits defaults() {
        return new IngestLimits(null, null, null, null, null);
    }
}

package dev.panoptes.metrics.storage;

/** The kind of sample an iterator is positioned at, or {@link #NONE} when it is exhausted. */
public enum ValueType {
    NONE, FLOAT, HISTOGRAM, FLOAT_HISTOGRAM
}

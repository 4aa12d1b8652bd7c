package dev.panoptes.core.histogram;

/** What a producer knows about whether a histogram sample follows a counter reset. */
public enum CounterResetHint {
    /** Nothing is known; a reader compares with the previous sample to find out. */
    UNKNOWN,
    /** This sample follows a reset. */
    COUNTER_RESET,
    /** This sample is known not to follow a reset. */
    NOT_COUNTER_RESET,
    /** The histogram is a gauge: its counts go up and down, resets do not apply. */
    GAUGE
}

package dev.panoptes.core.sample;

/**
 * The staleness marker: one particular NaN bit pattern that scrapes, remote write and OTLP use to
 * say a series ended. It is told apart from an ordinary NaN, which is a value, only by its raw
 * bits, so it must always be compared with {@link #is(double)} and never with {@code ==} or
 * {@link Double#isNaN(double)}.
 */
public final class StaleNaN {

    /** The raw bits of the marker, as Prometheus writes them. */
    public static final long BITS = 0x7ff0000000000002L;

    /** The marker as a double; arithmetic on it loses the bit pattern. */
    public static final double VALUE = Double.longBitsToDouble(BITS);

    private StaleNaN() {
    }

    /** Whether {@code v} is the staleness marker rather than any other value or NaN. */
    public static boolean is(double v) {
        return Double.doubleToRawLongBits(v) == BITS;
    }
}

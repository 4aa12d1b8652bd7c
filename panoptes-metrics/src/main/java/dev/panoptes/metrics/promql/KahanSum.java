package dev.panoptes.metrics.promql;

/**
 * Compensated (Kahan-Babuska-Neumaier) summation, the way PromQL sums floats so that a sum over
 * many samples of very different magnitude stays exact to the last bits Prometheus reports.
 */
final class KahanSum {

    private KahanSum() {
    }

    /**
     * The new compensation after adding {@code inc} to {@code sum} gave {@code t}; the caller
     * keeps {@code t} as the new sum and adds the compensation at the end.
     */
    static double compensation(double inc, double sum, double t, double c) {
        if (Double.isInfinite(t)) {
            return 0;
        }
        if (Math.abs(sum) >= Math.abs(inc)) {
            return c + ((sum - t) + inc);
        }
        return c + ((inc - t) + sum);
    }
}

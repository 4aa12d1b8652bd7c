package dev.panoptes.metrics.promqltest;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.IncompatibleHistogramsException;

/** The steps of {@code {{h}}+{{d}}xN} and {@code {{h}}-{{d}}xN}: each value is the previous one plus or minus d. */
final class HistogramSeries {

    private HistogramSeries() {
    }

    /** A new histogram: {@code current ± increment}, as PromQL adds histograms. */
    static FloatHistogram next(FloatHistogram current, FloatHistogram increment, boolean subtract, int line)
            throws ScriptParseException {
        if (current.schema() > increment.schema()) {
            throw new ScriptParseException(line, "error combining histograms: cannot merge from schema "
                    + current.schema() + " to " + increment.schema());
        }
        FloatHistogram next = current.copy();
        try {
            if (subtract) {
                next.sub(increment);
            } else {
                next.add(increment);
            }
        } catch (IncompatibleHistogramsException e) {
            throw new ScriptParseException(line, "error combining histograms: " + e.getMessage());
        }
        return next;
    }
}

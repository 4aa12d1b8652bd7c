package dev.panoptes.metrics.promql;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.labels.Labels;

/**
 * One element of the instant vector an operator sees at one step: labels, a float or a histogram
 * ({@code histogram} null for floats), and whether the name is marked for removal.
 */
record StepSample(Labels labels, double f, FloatHistogram histogram, boolean dropName) {

    static StepSample ofFloat(Labels labels, double f, boolean dropName) {
        return new StepSample(labels, f, null, dropName);
    }

    boolean isHistogram() {
        return histogram != null;
    }

    StepSample withFloat(double value) {
        return new StepSample(labels, value, null, dropName);
    }
}

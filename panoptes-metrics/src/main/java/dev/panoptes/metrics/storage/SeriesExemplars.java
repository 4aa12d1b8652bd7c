package dev.panoptes.metrics.storage;

import dev.panoptes.core.labels.Labels;
import java.util.List;

/** The exemplars of one series, in time order. */
public record SeriesExemplars(Labels seriesLabels, List<Exemplar> exemplars) {
}

package dev.panoptes.metrics.promql;

import dev.panoptes.metrics.promql.parser.VectorMatching;

/**
 * The values {@code fill}, {@code fill_left} and {@code fill_right} give a binary operation for
 * samples that have no match on the other side; null when the operation has none.
 */
final class Fill {

    private Fill() {
    }

    static Double left(VectorMatching m) {
        return m == null ? null : m.fillLeft();
    }

    static Double right(VectorMatching m) {
        return m == null ? null : m.fillRight();
    }
}

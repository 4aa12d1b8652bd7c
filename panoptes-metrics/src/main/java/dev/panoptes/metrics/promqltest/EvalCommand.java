package dev.panoptes.metrics.promqltest;

import java.util.List;

/**
 * An {@code eval instant} or {@code eval range} command with what it expects.
 *
 * <p>For an instant eval {@code evalTime} is the query time and {@code start}/{@code end}/{@code
 * step} the grid on which expected values are laid out: the single instant (step 0), or the grid
 * of {@code expect range vector} (which also moves {@code evalTime} to its end).
 *
 * @param scalar the expected scalar when {@code expectScalar}
 * @param expected expected series, one per label set (a later line for the same labels wins), in
 *     the order of their lines; {@link ExpectedSeries#position} is the 1-based result position
 *     that {@code expect ordered} checks
 */
record EvalCommand(int line, String expr, boolean range, long start, long end, long step, long evalTime,
        Expectations expect, boolean expectScalar, double scalar, List<ExpectedSeries> expected) implements Command {

    EvalCommand {
        expected = List.copyOf(expected);
    }

    /** One expected series: its labels, values laid out from {@code start} by {@code step}, and position. */
    record ExpectedSeries(SeriesLine series, int position) {
    }
}

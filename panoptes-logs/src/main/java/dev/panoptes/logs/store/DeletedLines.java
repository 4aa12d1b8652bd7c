package dev.panoptes.logs.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of one stream that accepted delete requests hide from reads until they are processed
 * (removed from the chunks): per request its time range and its line conditions (a line is
 * deleted when its time is in range and it passes every condition; no conditions delete the
 * whole range).
 *
 * <p>Immutable and thread-safe; {@link #matching} gives the per-chunk state of one reader.
 */
final class DeletedLines {

    static final DeletedLines NONE = new DeletedLines(List.of());

    /** One request's part: {@code from <= t <= to} and the conditions a deleted line passes. */
    record Range(long from, long to, LineConditions conditions) {
    }

    private final List<Range> ranges;

    DeletedLines(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether the range {@code [from, to]} may hold deleted lines. */
    boolean overlaps(long from, long to) {
        for (Range r : ranges) {
            if (r.from() <= to && r.to() >= from) {
                return true;
            }
        }
        return false;
    }

    /** The state for testing entries {@code first..last-1} of {@code chunk} in order, or null when none can be deleted. */
    Matching matching(DecodedChunk chunk, int first, int last) {
        if (ranges.isEmpty() || first >= last) {
            return null;
        }
        long min = chunk.time(first);
        long max = chunk.time(last - 1);
        List<Range> applicable = new ArrayList<>();
        List<LineConditions.Matching> states = new ArrayList<>();
        for (Range r : ranges) {
            if (r.from() <= max && r.to() >= min) {
                LineConditions.Matching m = r.conditions().matching();
                if (m.begin(chunk, first)) {
                    applicable.add(r);
                    states.add(m);
                }
            }
        }
        return applicable.isEmpty() ? null : new Matching(chunk, applicable, states);
    }

    /** Tests entries of one chunk, asked in increasing order. */
    static final class Matching {
        private final DecodedChunk chunk;
        private final List<Range> ranges;
        private final List<LineConditions.Matching> states;

        private Matching(DecodedChunk chunk, List<Range> ranges, List<LineConditions.Matching> states) {
            this.chunk = chunk;
            this.ranges = ranges;
            this.states = states;
        }

        boolean deletes(int i) {
            long t = chunk.time(i);
            for (int k = 0; k < ranges.size(); k++) {
                Range r = ranges.get(k);
                if (t >= r.from() && t <= r.to() && states.get(k).accepts(i)) {
                    return true;
                }
            }
            return false;
        }
    }
}

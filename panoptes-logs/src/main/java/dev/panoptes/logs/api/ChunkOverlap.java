package dev.panoptes.logs.api;

import dev.panoptes.logs.store.LogReader;
import java.util.List;

/**
 * How much of a chunk a time range takes, as Loki's index estimates it: a chunk's entries and
 * bytes are spread evenly over its time span, so a range covering a third of the span counts a
 * third of them (a chunk of a single instant counts whole when the range holds it). Exact for
 * ranges that cover whole chunks; an estimate, like Loki's, at the edges.
 */
final class ChunkOverlap {

    private ChunkOverlap() {
    }

    /** The share of {@code [minTime, maxTime]} that {@code [from, to]} covers, from 0 to 1. */
    static double factor(long from, long to, long minTime, long maxTime) {
        if (from > maxTime || to < minTime) {
            return 0;
        }
        if (minTime == maxTime) {
            return 1;
        }
        double span = (double) maxTime - minTime;
        double leading = Math.max(0, (double) from - minTime);
        double trailing = Math.max(0, (double) maxTime - to);
        return (span - leading - trailing) / span;
    }

    /** What {@code /index/stats} reports: streams and chunks overlapping, and their share of entries and bytes. */
    record Totals(long streams, long chunks, long bytes, long entries) {
    }

    static Totals totals(List<LogReader.StreamChunks> streams, long from, long to) {
        long streamCount = 0;
        long chunks = 0;
        long bytes = 0;
        long entries = 0;
        for (LogReader.StreamChunks stream : streams) {
            boolean overlaps = false;
            for (LogReader.ChunkExtent chunk : stream.chunks()) {
                double f = factor(from, to, chunk.minTime(), chunk.maxTime());
                if (f > 0) {
                    overlaps = true;
                    chunks++;
                    bytes += (long) (f * chunk.lineBytes());
                    entries += (long) (f * chunk.entries());
                }
            }
            if (overlaps) {
                streamCount++;
            }
        }
        return new Totals(streamCount, chunks, bytes, entries);
    }
}

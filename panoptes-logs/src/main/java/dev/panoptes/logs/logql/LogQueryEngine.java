package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.logs.store.EntryBuffer;
import dev.panoptes.logs.store.LogReader;
import dev.panoptes.logs.store.ReadCheck;
import dev.panoptes.logs.store.Utf8Length;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs log queries: selects streams through a {@link LogReader} (telling it the strings that
 * {@code |=} filters require, so that it can skip chunks by their bloom filters), passes each line through the
 * pipeline, and merges the streams by time in the query's direction until {@code limit} entries
 * are found, as Loki does (the limit counts entries across all streams, not per stream). The
 * merge is a binary heap of stream positions in primitive arrays; equal timestamps are ordered by
 * stream labels so that results are deterministic.
 *
 * <p>Stateless and thread-safe.
 */
public final class LogQueryEngine {

    /** Lines between two calls of a query's {@link ReadCheck} in the merge; a power of two. */
    static final int CHECK_EVERY = 4096;

    /**
     * Runs {@code expr} over entries with {@code start <= t < end} (nanoseconds).
     *
     * @param limit the most entries to return, at least 1
     * @throws UnsupportedQueryException if the pipeline has a stage this engine does not evaluate yet
     */
    public StreamsResult select(LogSelectorExpr expr, long start, long end, Direction direction, int limit, LogReader reader)
            throws UnsupportedQueryException {
        return select(expr, start, end, direction, limit, reader, ReadCheck.NONE);
    }

    /**
     * As {@link #select(LogSelectorExpr, long, long, Direction, int, LogReader)}, calling
     * {@code check} before each chunk the store reads and every {@value #CHECK_EVERY} lines the
     * merge reads, so that a query nobody waits for stops when {@code check} throws.
     */
    public StreamsResult select(LogSelectorExpr expr, long start, long end, Direction direction, int limit, LogReader reader,
                                ReadCheck check) throws UnsupportedQueryException {
        long began = System.nanoTime();
        LogPipeline pipeline = LogPipeline.compile(expr.pipeline());
        if (end <= start || limit <= 0) {
            return new StreamsResult(List.of(), new StreamsResult.Statistics(0, 0, 0, 0, System.nanoTime() - began));
        }
        List<LogReader.StreamEntries> streams = new ArrayList<>(reader.select(expr.selector().matchers(), start, end - 1,
                pipeline.requiredSubstrings(), check));
        streams.sort((a, b) -> a.labels().compareTo(b.labels()));
        Merge merge = new Merge(streams, pipeline, direction == Direction.BACKWARD, check);
        Map<Labels, ResultBuilder> results = new HashMap<>();
        long returned = 0;
        while (returned < limit && merge.size > 0) {
            int s = merge.heap[0];
            EntryBuffer entries = streams.get(s).entries();
            int i = merge.cursor[s];
            results.computeIfAbsent(merge.labels[s], l -> new ResultBuilder()).add(entries.time(i), merge.lines[s]);
            returned++;
            merge.advanceTop();
        }
        List<StreamsResult.Stream> out = new ArrayList<>(results.size());
        for (Map.Entry<Labels, ResultBuilder> e : results.entrySet()) {
            out.add(e.getValue().build(e.getKey()));
        }
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
        return new StreamsResult(out, new StreamsResult.Statistics(merge.linesProcessed, merge.bytesProcessed, merge.postFilterLines,
                returned, System.nanoTime() - began));
    }

    /** The k-way merge: per stream the position of its next accepted entry, a heap ordered by that entry's time. */
    private static final class Merge {
        final List<LogReader.StreamEntries> streams;
        final LogPipeline pipeline;
        /** Per stream, the line and labels of its current entry after the pipeline. */
        final String[] lines;
        final Labels[] labels;
        final boolean backward;
        final ReadCheck check;
        final int[] cursor;
        final int[] heap;
        int size;
        long linesProcessed;
        long bytesProcessed;
        long postFilterLines;

        Merge(List<LogReader.StreamEntries> streams, LogPipeline pipeline, boolean backward, ReadCheck check) {
            this.streams = streams;
            this.pipeline = pipeline;
            this.lines = new String[streams.size()];
            this.labels = new Labels[streams.size()];
            this.backward = backward;
            this.check = check;
            this.cursor = new int[streams.size()];
            this.heap = new int[streams.size()];
            for (int s = 0; s < streams.size(); s++) {
                cursor[s] = backward ? streams.get(s).entries().size() : -1;
                if (advance(s)) {
                    heap[size++] = s;
                }
            }
            for (int k = size / 2 - 1; k >= 0; k--) {
                siftDown(k);
            }
        }

        /** Moves stream {@code s} to its next accepted entry; false when it has none left. */
        boolean advance(int s) {
            EntryBuffer entries = streams.get(s).entries();
            int i = cursor[s];
            int step = backward ? -1 : 1;
            for (i += step; i >= 0 && i < entries.size(); i += step) {
                String line = entries.line(i);
                if ((++linesProcessed & (CHECK_EVERY - 1)) == 0) {
                    check.check();
                }
                bytesProcessed += Utf8Length.of(line);
                if (pipeline.process(entries.time(i), line, streams.get(s).labels(), entries.metadata(i))) {
                    postFilterLines++;
                    cursor[s] = i;
                    lines[s] = pipeline.line();
                    labels[s] = pipeline.labels();
                    return true;
                }
            }
            cursor[s] = i;
            return false;
        }

        void advanceTop() {
            if (!advance(heap[0])) {
                heap[0] = heap[--size];
            }
            if (size > 0) {
                siftDown(0);
            }
        }

        private boolean before(int a, int b) {
            long ta = streams.get(a).entries().time(cursor[a]);
            long tb = streams.get(b).entries().time(cursor[b]);
            if (ta != tb) {
                return backward ? ta > tb : ta < tb;
            }
            return a < b;
        }

        private void siftDown(int k) {
            while (true) {
                int left = 2 * k + 1;
                if (left >= size) {
                    return;
                }
                int child = left + 1 < size && before(heap[left + 1], heap[left]) ? left + 1 : left;
                if (!before(heap[child], heap[k])) {
                    return;
                }
                int tmp = heap[k];
                heap[k] = heap[child];
                heap[child] = tmp;
                k = child;
            }
        }
    }

    /** One result stream's entries as they are found. */
    private static final class ResultBuilder {
        long[] times = new long[8];
        String[] lines = new String[8];
        int size;

        void add(long t, String line) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                lines = Arrays.copyOf(lines, size * 2);
            }
            times[size] = t;
            lines[size++] = line;
        }

        StreamsResult.Stream build(Labels labels) {
            return new StreamsResult.Stream(labels, Arrays.copyOf(times, size), Arrays.copyOf(lines, size));
        }
    }
}

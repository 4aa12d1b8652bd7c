package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.logs.store.LogReader;
import dev.panoptes.logs.store.ReadCheck;
import dev.panoptes.logs.store.ScanRequest;
import dev.panoptes.logs.store.StreamCursor;
import dev.panoptes.logs.store.StreamScan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs log queries: scans streams through a {@link LogReader}, handing it the line filters that
 * see the stored line ({@link PushedDownFilters}: the store tests them on the lines' bytes and
 * skips chunks by their bloom filters), passes each line the scan yields through the rest of the
 * pipeline (as its place in the chunk's payload when a stage searches the bytes, so a line it
 * drops is never built), and merges the streams by time in the query's direction until
 * {@code limit} entries are found, as Loki does (the limit counts entries across all streams, not
 * per stream). The merge is a binary heap of stream positions in primitive arrays; equal
 * timestamps are ordered by stream labels so that results are deterministic.
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
     */
    public StreamsResult select(LogSelectorExpr expr, long start, long end, Direction direction, int limit, LogReader reader) {
        return select(expr, start, end, direction, limit, reader, ReadCheck.NONE);
    }

    /**
     * As {@link #select(LogSelectorExpr, long, long, Direction, int, LogReader)}, calling
     * {@code check} before each chunk the store fetches and every {@value #CHECK_EVERY} lines the
     * merge reads, so that a query nobody waits for stops when {@code check} throws.
     */
    public StreamsResult select(LogSelectorExpr expr, long start, long end, Direction direction, int limit, LogReader reader,
                                ReadCheck check) {
        long began = System.nanoTime();
        PushedDownFilters split = PushedDownFilters.of(expr.pipeline());
        LogPipeline pipeline = LogPipeline.compile(split.rest());
        if (end <= start || limit <= 0) {
            return new StreamsResult(List.of(), new StreamsResult.Statistics(0, 0, 0, 0, System.nanoTime() - began));
        }
        boolean backward = direction == Direction.BACKWARD;
        try (StreamScan scan = reader.scan(new ScanRequest(expr.selector().matchers(), start, end - 1, split.conditions(), backward, check, split.labelEqualities()))) {
            List<StreamCursor> streams = new ArrayList<>(scan.streams());
            streams.sort((a, b) -> a.labels().compareTo(b.labels()));
            Merge merge = new Merge(streams, pipeline, backward, check);
            Map<Labels, ResultBuilder> results = new HashMap<>();
            long returned = merge.take(limit, (time, stream, metadata, line, labels) ->
                    results.computeIfAbsent(labels, l -> new ResultBuilder()).add(time, line));
            List<StreamsResult.Stream> out = new ArrayList<>(results.size());
            for (Map.Entry<Labels, ResultBuilder> e : results.entrySet()) {
                out.add(e.getValue().build(e.getKey()));
            }
            out.sort((a, b) -> a.labels().compareTo(b.labels()));
            return new StreamsResult(out, new StreamsResult.Statistics(scan.statistics().linesScanned(), scan.statistics().bytesScanned(),
                    merge.postFilterLines, returned, System.nanoTime() - began));
        }
    }

    /**
     * Hands {@code visitor} the {@code limit} most recent entries with {@code start <= t < end}
     * that {@code expr} selects, newest first, each with the labels it was stored with as well as
     * those the pipeline left it. For callers that must tell a stream label, a structured
     * metadata label and a parsed one apart, which a {@link StreamsResult} no longer can.
     */
    public void forEachRecent(LogSelectorExpr expr, long start, long end, int limit, LogReader reader, ReadCheck check,
                              SelectedEntryVisitor visitor) {
        if (end <= start || limit <= 0) {
            return;
        }
        PushedDownFilters split = PushedDownFilters.of(expr.pipeline());
        LogPipeline pipeline = LogPipeline.compile(split.rest());
        try (StreamScan scan = reader.scan(new ScanRequest(expr.selector().matchers(), start, end - 1, split.conditions(), true, check, split.labelEqualities()))) {
            List<StreamCursor> streams = new ArrayList<>(scan.streams());
            streams.sort((a, b) -> a.labels().compareTo(b.labels()));
            new Merge(streams, pipeline, true, check).take(limit, visitor);
        }
    }

    /** One entry a log query selected: as stored ({@code stream}, {@code metadata}) and after the pipeline ({@code line}, {@code labels}). */
    @FunctionalInterface
    public interface SelectedEntryVisitor {
        void accept(long timeNanos, Labels stream, Labels metadata, String line, Labels labels);
    }

    /** The k-way merge: a heap of the streams ordered by the times of their cursors' current accepted entries. */
    private static final class Merge {
        final List<StreamCursor> streams;
        final LogPipeline pipeline;
        /** Per stream, the line and labels of its current entry after the pipeline. */
        final String[] lines;
        final Labels[] labels;
        final boolean backward;
        final ReadCheck check;
        /** Whether lines go to the pipeline as their place in the payload; the caller wants each kept line anyway. */
        final boolean storedBytes;
        final int[] heap;
        int size;
        long linesRead;
        long postFilterLines;

        Merge(List<StreamCursor> streams, LogPipeline pipeline, boolean backward, ReadCheck check) {
            this.streams = streams;
            this.pipeline = pipeline;
            this.lines = new String[streams.size()];
            this.labels = new Labels[streams.size()];
            this.backward = backward;
            this.check = check;
            this.storedBytes = pipeline.searchesStoredBytes();
            this.heap = new int[streams.size()];
            for (int s = 0; s < streams.size(); s++) {
                if (advance(s)) {
                    heap[size++] = s;
                }
            }
            for (int k = size / 2 - 1; k >= 0; k--) {
                siftDown(k);
            }
        }

        /** Moves stream {@code s} to its next entry the pipeline keeps; false when it has none left. */
        boolean advance(int s) {
            StreamCursor cursor = streams.get(s);
            while (cursor.next()) {
                if ((++linesRead & (CHECK_EVERY - 1)) == 0) {
                    check.check();
                }
                String payloadText = storedBytes ? cursor.payloadText() : null;
                boolean kept = payloadText != null
                        ? pipeline.process(cursor.time(), payloadText, cursor.payload(), cursor.lineStart(), cursor.lineBytes(), cursor.labels(),
                                cursor.metadata())
                        : pipeline.process(cursor.time(), cursor.line(), cursor.labels(), cursor.metadata());
                if (kept) {
                    postFilterLines++;
                    lines[s] = pipeline.line();
                    labels[s] = pipeline.labels();
                    return true;
                }
            }
            return false;
        }

        /** Hands {@code visitor} up to {@code limit} entries in merge order; returns how many. */
        long take(long limit, SelectedEntryVisitor visitor) {
            long taken = 0;
            while (taken < limit && size > 0) {
                int s = heap[0];
                StreamCursor cursor = streams.get(s);
                visitor.accept(cursor.time(), cursor.labels(), cursor.metadata(), lines[s], labels[s]);
                taken++;
                advanceTop();
            }
            return taken;
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
            long ta = streams.get(a).time();
            long tb = streams.get(b).time();
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

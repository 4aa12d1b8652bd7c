package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.logs.store.LineCondition;
import dev.panoptes.logs.store.LogReader;
import dev.panoptes.logs.store.ScanRequest;
import dev.panoptes.logs.store.StreamCursor;
import dev.panoptes.logs.store.StreamScan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs log queries: scans streams through a {@link LogReader} (handing it the leading line
 * filters, which it tests on the lines' bytes chunk by chunk and uses to skip chunks by their
 * bloom filters), passes each line through the rest of the pipeline, and merges the streams by
 * time in the query's direction until {@code limit} entries are found, as Loki does (the limit
 * counts entries across all streams, not per stream). The merge is a binary heap of stream
 * cursors; equal timestamps are ordered by stream labels so that results are deterministic.
 *
 * <p>Stateless and thread-safe.
 */
public final class LogQueryEngine {

    /**
     * Runs {@code expr} over entries with {@code start <= t < end} (nanoseconds).
     *
     * @param limit the most entries to return, at least 1
     */
    public StreamsResult select(LogSelectorExpr expr, long start, long end, Direction direction, int limit, LogReader reader) {
        long began = System.nanoTime();
        // Line filters ahead of any other stage go to the store, which tests them on the lines'
        // bytes and skips chunks by bloom; the rest of the pipeline runs here, line by line.
        List<LineCondition> pushedDown = new ArrayList<>();
        List<LineFilter> filters = new ArrayList<>();
        for (PipelineStage stage : expr.pipeline()) {
            switch (stage) {
                case LineFilter f when filters.isEmpty() -> pushedDown.add(f.toLineCondition());
                case LineFilter f -> filters.add(f);
            }
        }
        if (end <= start || limit <= 0) {
            return new StreamsResult(List.of(), new StreamsResult.Statistics(0, 0, 0, 0, System.nanoTime() - began));
        }
        boolean backward = direction == Direction.BACKWARD;
        try (StreamScan scan = reader.scan(new ScanRequest(expr.selector().matchers(), start, end - 1, pushedDown, backward))) {
            List<StreamCursor> streams = new ArrayList<>(scan.streams());
            streams.sort((a, b) -> a.labels().compareTo(b.labels()));
            Merge merge = new Merge(streams, new LineFilterChain(filters), backward);
            Map<Labels, ResultBuilder> results = new HashMap<>();
            long returned = 0;
            while (returned < limit && merge.size > 0) {
                StreamCursor top = streams.get(merge.heap[0]);
                Labels labels = resultLabels(top.labels(), top.metadata());
                results.computeIfAbsent(labels, l -> new ResultBuilder()).add(top.time(), top.line());
                returned++;
                merge.advanceTop();
            }
            List<StreamsResult.Stream> out = new ArrayList<>(results.size());
            for (Map.Entry<Labels, ResultBuilder> e : results.entrySet()) {
                out.add(e.getValue().build(e.getKey()));
            }
            out.sort((a, b) -> a.labels().compareTo(b.labels()));
            return new StreamsResult(out, new StreamsResult.Statistics(scan.statistics().linesScanned(), scan.statistics().bytesScanned(),
                    merge.postFilterLines, returned, System.nanoTime() - began));
        }
    }

    private static Labels resultLabels(Labels stream, Labels metadata) {
        if (metadata.isEmpty()) {
            return stream;
        }
        Labels.Builder b = stream.toBuilder();
        for (int i = 0; i < metadata.size(); i++) {
            b.set(metadata.name(i), metadata.value(i));
        }
        return b.build();
    }

    /** The k-way merge: a heap of the streams ordered by their cursors' current entries' times. */
    private static final class Merge {
        final List<StreamCursor> streams;
        final LineFilterChain chain;
        final boolean backward;
        final int[] heap;
        int size;
        long postFilterLines;

        Merge(List<StreamCursor> streams, LineFilterChain chain, boolean backward) {
            this.streams = streams;
            this.chain = chain;
            this.backward = backward;
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

        /** Moves stream {@code s} to its next accepted entry; false when it has none left. */
        boolean advance(int s) {
            StreamCursor cursor = streams.get(s);
            while (cursor.next()) {
                if (chain.isEmpty() || chain.accepts(cursor.line())) {
                    postFilterLines++;
                    return true;
                }
            }
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

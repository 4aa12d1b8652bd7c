package dev.panoptes.logs.store;

import dev.panoptes.core.labels.Labels;
import java.util.Arrays;

/**
 * A growable column set of log entries (timestamps, lines, structured metadata), used for a
 * stream's head and for what a query reads. Sorting is stable: entries with equal timestamps keep
 * the order they were added in, which is the order they were pushed.
 *
 * <p>Not thread-safe.
 */
public final class EntryBuffer {

    private long[] times;
    private String[] lines;
    private Labels[] metadata;
    private int size;
    private long lineBytes;

    public EntryBuffer(int capacity) {
        capacity = Math.max(4, capacity);
        times = new long[capacity];
        lines = new String[capacity];
        metadata = new Labels[capacity];
    }

    void add(long t, String line, Labels md) {
        if (size == times.length) {
            int grown = size * 2;
            times = Arrays.copyOf(times, grown);
            lines = Arrays.copyOf(lines, grown);
            metadata = Arrays.copyOf(metadata, grown);
        }
        times[size] = t;
        lines[size] = line;
        metadata[size] = md;
        size++;
        lineBytes += Utf8Length.of(line);
    }

    /** Appends the entries {@code from..to-1} of {@code other}. */
    void addAll(EntryBuffer other, int from, int to) {
        for (int i = from; i < to; i++) {
            add(other.times[i], other.lines[i], other.metadata[i]);
        }
    }

    public int size() {
        return size;
    }

    public long time(int i) {
        return times[i];
    }

    public String line(int i) {
        return lines[i];
    }

    public Labels metadata(int i) {
        return metadata[i];
    }

    /** The UTF-8 bytes of all lines. */
    public long lineBytes() {
        return lineBytes;
    }

    long[] timesArray() {
        return times;
    }

    String[] linesArray() {
        return lines;
    }

    Labels[] metadataArray() {
        return metadata;
    }

    /** Whether the timestamps never decrease. */
    boolean isSorted() {
        for (int i = 1; i < size; i++) {
            if (times[i] < times[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Sorts by time, stably (a merge sort of positions: no boxing, entries moved once). */
    void sort() {
        if (isSorted()) {
            return;
        }
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        mergeSort(order, new int[size], 0, size);
        long[] t = new long[times.length];
        String[] l = new String[times.length];
        Labels[] m = new Labels[times.length];
        for (int i = 0; i < size; i++) {
            t[i] = times[order[i]];
            l[i] = lines[order[i]];
            m[i] = metadata[order[i]];
        }
        times = t;
        lines = l;
        metadata = m;
    }

    private void mergeSort(int[] a, int[] scratch, int from, int to) {
        if (to - from < 2) {
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, scratch, from, mid);
        mergeSort(a, scratch, mid, to);
        if (times[a[mid - 1]] <= times[a[mid]]) {
            return;
        }
        System.arraycopy(a, from, scratch, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && times[scratch[i]] <= times[scratch[j]])) {
                a[k] = scratch[i++];
            } else {
                a[k] = scratch[j++];
            }
        }
    }

    void clear() {
        Arrays.fill(lines, 0, size, null);
        Arrays.fill(metadata, 0, size, null);
        size = 0;
        lineBytes = 0;
    }
}

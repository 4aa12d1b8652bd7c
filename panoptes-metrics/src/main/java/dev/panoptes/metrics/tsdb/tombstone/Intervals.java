package dev.panoptes.metrics.tsdb.tombstone;

import java.util.Arrays;

/**
 * A set of deleted time ranges of one series: sorted, non-overlapping, non-adjacent closed
 * intervals {@code [min, max]} in ms. Immutable; {@link #add} returns a new set.
 */
public final class Intervals {

    public static final Intervals NONE = new Intervals(new long[0]);

    /** min0, max0, min1, max1, ... */
    private final long[] bounds;

    private Intervals(long[] bounds) {
        this.bounds = bounds;
    }

    public static Intervals of(long min, long max) {
        return NONE.add(min, max);
    }

    public boolean isEmpty() {
        return bounds.length == 0;
    }

    public int size() {
        return bounds.length / 2;
    }

    public long min(int i) {
        return bounds[2 * i];
    }

    public long max(int i) {
        return bounds[2 * i + 1];
    }

    /** This set with {@code [min, max]} added, merging what it overlaps or touches. */
    public Intervals add(long min, long max) {
        if (min > max) {
            return this;
        }
        long[] out = new long[bounds.length + 2];
        int n = 0;
        int i = 0;
        while (i < bounds.length && bounds[i + 1] < min && bounds[i + 1] != Long.MAX_VALUE && bounds[i + 1] + 1 < min) {
            out[n++] = bounds[i];
            out[n++] = bounds[i + 1];
            i += 2;
        }
        long newMin = min;
        long newMax = max;
        while (i < bounds.length && (max == Long.MAX_VALUE || bounds[i] <= max + 1)) {
            newMin = Math.min(newMin, bounds[i]);
            newMax = Math.max(newMax, bounds[i + 1]);
            i += 2;
        }
        out[n++] = newMin;
        out[n++] = newMax;
        while (i < bounds.length) {
            out[n++] = bounds[i];
            out[n++] = bounds[i + 1];
            i += 2;
        }
        return new Intervals(Arrays.copyOf(out, n));
    }

    /** This set and every interval of {@code other}. */
    public Intervals addAll(Intervals other) {
        Intervals result = this;
        for (int i = 0; i < other.size(); i++) {
            result = result.add(other.min(i), other.max(i));
        }
        return result;
    }

    public boolean contains(long t) {
        int lo = 0;
        int hi = size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (t < bounds[2 * mid]) {
                hi = mid - 1;
            } else if (t > bounds[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Whether every time in {@code [min, max]} is deleted. */
    public boolean covers(long min, long max) {
        for (int i = 0; i < size(); i++) {
            if (bounds[2 * i] <= min && bounds[2 * i + 1] >= max) {
                return true;
            }
        }
        return false;
    }

    /** Whether any interval overlaps {@code [min, max]}. */
    public boolean overlaps(long min, long max) {
        for (int i = 0; i < size(); i++) {
            if (bounds[2 * i] <= max && bounds[2 * i + 1] >= min) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Intervals other && Arrays.equals(bounds, other.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < size(); i++) {
            s.append(i == 0 ? "" : ", ").append(min(i)).append("..").append(max(i));
        }
        return s.append(']').toString();
    }
}

package dev.panoptes.core.labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The identity of a series: a set of label name/value pairs, sorted by name, names unique, no
 * empty values (an empty value means the label is absent, as in Prometheus). The metric name is
 * the label {@code __name__}.
 *
 * <p>Immutable and thread-safe. Stored as one array of alternating names and values, so that a
 * label set costs one object plus its strings, and so that a store can intern the strings and
 * share them between series.
 */
public final class Labels implements Comparable<Labels> {

    /** The label that holds the metric name. */
    public static final String METRIC_NAME = "__name__";

    private static final String[] NONE = new String[0];
    private static final Labels EMPTY = new Labels(NONE);

    /** name0, value0, name1, value1, ... sorted by name. */
    private final String[] pairs;
    private int hash;

    private Labels(String[] pairs) {
        this.pairs = pairs;
    }

    public static Labels empty() {
        return EMPTY;
    }

    /**
     * Builds a label set from alternating names and values in any order. Pairs with an empty
     * value are dropped.
     *
     * @throws IllegalArgumentException if the count is odd or a name repeats
     */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels need names and values in pairs, got " + namesAndValues.length + " strings");
        }
        Builder builder = new Builder(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /** Builds a label set from a map; entries with an empty value are dropped. */
    public static Labels of(Map<String, String> map) {
        Builder builder = new Builder(map.size());
        for (Map.Entry<String, String> entry : map.entrySet()) {
            builder.add(entry.getKey(), entry.getValue());
        }
        return builder.build();
    }

    /**
     * Wraps an array of alternating names and values that the caller guarantees is already sorted
     * by name with unique names and no empty values, as decoders of sorted wire formats and stores
     * produce. The array is taken, not copied; the caller must not change it afterwards.
     *
     * @throws IllegalArgumentException if the array is not sorted and unique
     */
    public static Labels ofSorted(String[] namesAndValues) {
        if (namesAndValues.length == 0) {
            return EMPTY;
        }
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels need names and values in pairs, got " + namesAndValues.length + " strings");
        }
        for (int i = 2; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i - 2].compareTo(namesAndValues[i]) >= 0) {
                throw new IllegalArgumentException("label names not sorted or duplicated: " + namesAndValues[i - 2] + ", " + namesAndValues[i]);
            }
        }
        return new Labels(namesAndValues);
    }

    public static Builder builder() {
        return new Builder(8);
    }

    /** A builder that starts from this label set, to set or remove labels. */
    public Builder toBuilder() {
        Builder builder = new Builder(size() + 2);
        for (int i = 0; i < pairs.length; i += 2) {
            builder.add(pairs[i], pairs[i + 1]);
        }
        return builder;
    }

    /** Number of labels. */
    public int size() {
        return pairs.length / 2;
    }

    public boolean isEmpty() {
        return pairs.length == 0;
    }

    /** Name of the {@code i}th label in name order. */
    public String name(int i) {
        return pairs[2 * i];
    }

    /** Value of the {@code i}th label in name order. */
    public String value(int i) {
        return pairs[2 * i + 1];
    }

    /** The value of label {@code name}, or {@code ""} when absent (Prometheus' convention). */
    public String get(String name) {
        int i = indexOf(name);
        return i < 0 ? "" : pairs[2 * i + 1];
    }

    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    /** Index of label {@code name} in name order, or a negative number when absent. */
    public int indexOf(String name) {
        int lo = 0;
        int hi = size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = pairs[2 * mid].compareTo(name);
            if (cmp < 0) {
                lo = mid + 1;
            } else if (cmp > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** The metric name, or {@code ""} when the series has none. */
    public String metricName() {
        return get(METRIC_NAME);
    }

    /** The labels as a list, in name order. */
    public List<Label> asList() {
        List<Label> list = new ArrayList<>(size());
        for (int i = 0; i < pairs.length; i += 2) {
            list.add(new Label(pairs[i], pairs[i + 1]));
        }
        return list;
    }

    /** A copy without the named labels. */
    public Labels without(Collection<String> names) {
        if (names.isEmpty()) {
            return this;
        }
        return filter(names, false);
    }

    /** A copy without the named labels. */
    public Labels without(String... names) {
        return without(Arrays.asList(names));
    }

    /** A copy with only the named labels. */
    public Labels keepOnly(Collection<String> names) {
        return filter(names, true);
    }

    /** A copy without the metric name. */
    public Labels withoutMetricName() {
        return has(METRIC_NAME) ? without(List.of(METRIC_NAME)) : this;
    }

    private Labels filter(Collection<String> names, boolean keep) {
        String[] kept = new String[pairs.length];
        int n = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            if (names.contains(pairs[i]) == keep) {
                kept[n++] = pairs[i];
                kept[n++] = pairs[i + 1];
            }
        }
        if (n == pairs.length) {
            return this;
        }
        return n == 0 ? EMPTY : new Labels(Arrays.copyOf(kept, n));
    }

    /**
     * A well-mixed 64-bit hash of the label set, stable for the life of the process (not across
     * versions: never persist it). Equal label sets hash alike; callers resolve collisions with
     * {@link #equals}.
     */
    public long hash64() {
        long h = 0x9E3779B97F4A7C15L;
        for (String s : pairs) {
            h = (h ^ s.hashCode()) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
            h += s.length();
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return h;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Labels other) || other.pairs.length != pairs.length || other.hashCode() != hashCode()) {
            return false;
        }
        return Arrays.equals(pairs, other.pairs);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(pairs);
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    /** Prometheus' order: label by label, name first, then value; a prefix sorts first. */
    @Override
    public int compareTo(Labels other) {
        int n = Math.min(pairs.length, other.pairs.length);
        for (int i = 0; i < n; i++) {
            int cmp = pairs[i].compareTo(other.pairs[i]);
            if (cmp != 0) {
                return cmp;
            }
        }
        return Integer.compare(pairs.length, other.pairs.length);
    }

    /** The Prometheus rendering: {@code {__name__="up", job="node"}}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(16 * pairs.length);
        out.append('{');
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(pairs[i]).append('=');
            appendQuoted(out, pairs[i + 1]);
        }
        return out.append('}').toString();
    }

    /** {@code s} in double quotes with backslash, quote and control characters escaped, as Prometheus prints strings. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        appendQuoted(out, s);
        return out.toString();
    }

    /** Appends {@code s} in double quotes with backslash, quote and control characters escaped. */
    static void appendQuoted(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else if (c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
                        // A byte that was not valid UTF-8 in the input (see the PromQL parser's strings).
                        out.append(String.format("\\x%02x", c - 0xDC00));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Builds label sets. Setting a label to {@code ""} removes it; setting one twice keeps the
     * last value. Not thread-safe; reusable after {@link #reset}.
     */
    public static final class Builder {
        private String[] pairs;
        private int n;

        Builder(int expectedLabels) {
            pairs = new String[Math.max(2, 2 * expectedLabels)];
        }

        /** Starts again from {@code base}. */
        public Builder reset(Labels base) {
            n = 0;
            for (int i = 0; i < base.pairs.length; i += 2) {
                add(base.pairs[i], base.pairs[i + 1]);
            }
            return this;
        }

        /** Sets {@code name} to {@code value}, replacing an earlier value; {@code ""} removes it. */
        public Builder set(String name, String value) {
            for (int i = 0; i < n; i += 2) {
                if (pairs[i].equals(name)) {
                    if (value == null || value.isEmpty()) {
                        System.arraycopy(pairs, i + 2, pairs, i, n - i - 2);
                        n -= 2;
                    } else {
                        pairs[i + 1] = value;
                    }
                    return this;
                }
            }
            if (value != null && !value.isEmpty()) {
                append(name, value);
            }
            return this;
        }

        /** The value set for {@code name} so far, or null. */
        public String get(String name) {
            for (int i = 0; i < n; i += 2) {
                if (pairs[i].equals(name)) {
                    return pairs[i + 1];
                }
            }
            return null;
        }

        /** Removes {@code name} if present. */
        public Builder remove(String name) {
            return set(name, "");
        }

        /** Adds a label that must not be present yet; an empty value is ignored. */
        Builder add(String name, String value) {
            if (name == null) {
                throw new IllegalArgumentException("label name is null");
            }
            if (value == null || value.isEmpty()) {
                return this;
            }
            for (int i = 0; i < n; i += 2) {
                if (pairs[i].equals(name)) {
                    throw new IllegalArgumentException("duplicate label name: " + name);
                }
            }
            return append(name, value);
        }

        private Builder append(String name, String value) {
            if (n + 2 > pairs.length) {
                pairs = Arrays.copyOf(pairs, pairs.length * 2);
            }
            pairs[n++] = name;
            pairs[n++] = value;
            return this;
        }

        public Labels build() {
            if (n == 0) {
                return EMPTY;
            }
            String[] sorted = Arrays.copyOf(pairs, n);
            // Insertion sort by name: label sets are small and often nearly sorted.
            for (int i = 2; i < n; i += 2) {
                String name = sorted[i];
                String value = sorted[i + 1];
                int j = i - 2;
                while (j >= 0 && sorted[j].compareTo(name) > 0) {
                    sorted[j + 2] = sorted[j];
                    sorted[j + 3] = sorted[j + 1];
                    j -= 2;
                }
                sorted[j + 2] = name;
                sorted[j + 3] = value;
            }
            return new Labels(sorted);
        }
    }
}

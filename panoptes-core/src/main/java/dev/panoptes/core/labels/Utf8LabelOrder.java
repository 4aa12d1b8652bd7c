package dev.panoptes.core.labels;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The order Prometheus sorts series in: label by label, name then value, strings by their UTF-8
 * bytes; a label set that is a prefix of another comes first. It differs from
 * {@link Labels#compareTo} (UTF-16 order) only for characters beyond the Basic Multilingual
 * Plane, which is why query results and the PromQL conformance runner sort with this one.
 * Stateless; compares without allocating unless a label name holds such a character.
 */
public final class Utf8LabelOrder {

    private Utf8LabelOrder() {
    }

    public static int compare(Labels a, Labels b) {
        if (hasSupplementaryName(a) || hasSupplementaryName(b)) {
            return comparePairs(utf8SortedPairs(a), utf8SortedPairs(b));
        }
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compare(a.name(i), b.name(i));
            if (c != 0) {
                return c;
            }
            c = compare(a.value(i), b.value(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Two strings by their UTF-8 bytes, unsigned, without encoding them. */
    public static int compare(String x, String y) {
        int n = Math.min(x.length(), y.length());
        for (int i = 0; i < n; i++) {
            char cx = x.charAt(i);
            char cy = y.charAt(i);
            if (cx != cy) {
                // Surrogates (code points beyond the BMP) encode above every BMP character in UTF-8.
                boolean sx = Character.isSurrogate(cx);
                boolean sy = Character.isSurrogate(cy);
                if (sx != sy) {
                    return sx ? 1 : -1;
                }
                return Character.compare(cx, cy);
            }
        }
        return Integer.compare(x.length(), y.length());
    }

    private static boolean hasSupplementaryName(Labels l) {
        for (int i = 0; i < l.size(); i++) {
            String name = l.name(i);
            for (int j = 0; j < name.length(); j++) {
                if (Character.isSurrogate(name.charAt(j))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The pairs with names re-sorted by UTF-8, for the rare sets whose UTF-16 name order differs. */
    private static String[] utf8SortedPairs(Labels l) {
        Integer[] order = new Integer[l.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(l::name, Utf8LabelOrder::compare));
        String[] pairs = new String[2 * order.length];
        for (int i = 0; i < order.length; i++) {
            pairs[2 * i] = l.name(order[i]);
            pairs[2 * i + 1] = l.value(order[i]);
        }
        return pairs;
    }

    private static int comparePairs(String[] x, String[] y) {
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) {
            int c = compare(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}

package dev.panoptes.metrics.promqltest;

import dev.panoptes.core.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The order a range query's series must come in: label sets compared pair by pair (name, then
 * value), a prefix before the longer set, strings by their UTF-8 bytes. Stateless.
 */
final class LabelOrder {

    private LabelOrder() {
    }

    static int compare(Labels a, Labels b) {
        String[] x = sortedPairs(a);
        String[] y = sortedPairs(b);
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) {
            int c = compareUtf8(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static String[] sortedPairs(Labels l) {
        Integer[] order = new Integer[l.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(l::name, LabelOrder::compareUtf8));
        String[] pairs = new String[2 * order.length];
        for (int i = 0; i < order.length; i++) {
            pairs[2 * i] = l.name(order[i]);
            pairs[2 * i + 1] = l.value(order[i]);
        }
        return pairs;
    }

    static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.panoptes.metrics.promql;

import dev.panoptes.core.labels.Labels;

/**
 * The order Prometheus sorts result series in: label by label, name then value, comparing
 * strings by their UTF-8 bytes (which differs from {@link String#compareTo} beyond the BMP);
 * a label set that is a prefix of another sorts first.
 */
final class LabelOrder {

    private LabelOrder() {
    }

    static int compare(Labels a, Labels b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compareUtf8(a.name(i), b.name(i));
            if (c != 0) {
                return c;
            }
            c = compareUtf8(a.value(i), b.value(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    static int compareUtf8(String x, String y) {
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
}

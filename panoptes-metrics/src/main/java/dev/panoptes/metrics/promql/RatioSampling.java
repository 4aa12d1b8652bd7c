package dev.panoptes.metrics.promql;

import dev.panoptes.core.labels.Labels;
import java.nio.charset.StandardCharsets;
import net.openhft.hashing.LongHashFunction;

/**
 * Which series {@code limit_ratio} keeps: a series' place in [0, 1) is the xxHash64 of its label
 * set (names and values each followed by 0xff, as Prometheus hashes labels) over the largest
 * unsigned 64-bit value; a positive ratio r keeps places below r, a negative one places at or
 * above 1 + r, so that {@code limit_ratio(r, x)} and {@code limit_ratio(-(1-r), x)} split x.
 */
final class RatioSampling {

    private static final LongHashFunction XX = LongHashFunction.xx();

    private RatioSampling() {
    }

    static boolean keep(double ratio, Labels labels) {
        double offset = place(labels);
        return (ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1.0 + ratio);
    }

    static double place(Labels labels) {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(64);
        for (int i = 0; i < labels.size(); i++) {
            byte[] name = labels.name(i).getBytes(StandardCharsets.UTF_8);
            byte[] value = labels.value(i).getBytes(StandardCharsets.UTF_8);
            buf.write(name, 0, name.length);
            buf.write(0xff);
            buf.write(value, 0, value.length);
            buf.write(0xff);
        }
        long hash = XX.hashBytes(buf.toByteArray());
        // The hash is unsigned in Prometheus; convert as Go converts uint64 to float64.
        double unsigned = hash >= 0 ? (double) hash : ((double) (hash >>> 1)) * 2.0 + (hash & 1);
        return unsigned / 18446744073709551615.0;
    }
}

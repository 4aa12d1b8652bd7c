package dev.panoptes.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * A synthetic fleet of node-exporter-like hosts, a thousand series each: counters of bytes and
 * CPU seconds that grow by irregular amounts, gauges that wander (temperatures with one
 * decimal, memory in bytes), and classic histogram buckets. Scrapes are 15 s apart with a few
 * milliseconds of jitter per host, as real scrapes have. Written as OpenMetrics text, series by
 * series, as {@code promtool tsdb dump} orders it.
 */
final class SyntheticWorkload {

    private static final String[] LE = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"};
    private static final long START = 1_795_474_600_000L;

    private SyntheticWorkload() {
    }

    /** Writes {@code series} series (rounded up to whole hosts) of {@code samples} samples each. */
    static void write(Path file, int series, int samples) throws IOException {
        int hosts = Math.max(1, (series + 999) / 1000);
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
            for (int host = 0; host < hosts; host++) {
                String instance = String.format(Locale.ROOT, "host-%06d:9100", host);
                for (int s = 0; s < 1000 && host * 1000 + s < series; s++) {
                    writeSeries(out, instance, host, s, samples);
                }
            }
            out.write("# EOF\n");
        }
    }

    private static void writeSeries(Writer out, String instance, int host, int s, int samples) throws IOException {
        Random random = new Random(host * 1000L + s);
        Random jitter = new Random(host);
        int family = s / 10;
        int member = s % 10;
        String labels = switch (family % 10) {
            case 0, 1, 2 -> "node_network_receive_bytes_total_" + family + "{device=\"eth" + member + "\",instance=\"" + instance + "\",job=\"node\"}";
            case 3, 4 -> "node_cpu_seconds_total_" + family + "{cpu=\"" + member / 2 + "\",instance=\"" + instance + "\",job=\"node\",mode=\""
                    + (member % 2 == 0 ? "user" : "system") + "\"}";
            case 5, 6 -> "node_hwmon_temp_celsius_" + family + "{chip=\"" + member + "\",instance=\"" + instance + "\",job=\"node\"}";
            case 7 -> "node_memory_bytes_" + family + "{instance=\"" + instance + "\",job=\"node\",kind=\"k" + member + "\"}";
            default -> "http_request_duration_seconds_bucket_" + family + "{instance=\"" + instance + "\",job=\"node\",le=\"" + LE[member] + "\"}";
        };
        double value = switch (family % 10) {
            case 5, 6 -> 40 + random.nextInt(200) / 10.0;
            case 7 -> 1L << 30;
            default -> 0;
        };
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < samples; i++) {
            long t = START + i * 15_000L + jitter.nextInt(4);
            value = switch (family % 10) {
                case 0, 1, 2 -> value + random.nextInt(1 << 16);
                case 3, 4 -> Math.round((value + random.nextInt(1500) / 100.0) * 100) / 100.0;
                case 5, 6 -> Math.round((value + (random.nextInt(5) - 2) / 10.0) * 10) / 10.0;
                case 7 -> value + (random.nextInt(3) - 1) * 4096L * random.nextInt(64);
                default -> value + (random.nextInt(10) < member ? random.nextInt(20) : 0);
            };
            line.setLength(0);
            line.append(labels).append(' ');
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                line.append((long) value);
            } else {
                line.append(value);
            }
            line.append(' ').append(t / 1000).append('.').append(String.format(Locale.ROOT, "%03d", t % 1000)).append('\n');
            out.append(line);
        }
    }
}

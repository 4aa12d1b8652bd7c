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
 * decimal, memory in bytes), and classic histogram buckets. Scrapes are evenly spaced with a few
 * milliseconds of jitter per host, as real scrapes have. Written as OpenMetrics text, series by
 * series, as {@code promtool tsdb dump} orders it.
 *
 * <p>Two namings: {@link Naming#PER_FAMILY} gives every group of ten series its own metric name
 * (a hundred names per host, as the storage benchmarks use), {@link Naming#SHARED} gives each
 * kind one metric name with a {@code group} label and spreads hosts over five jobs, so that one
 * selector reaches half the fleet, as queries over a real fleet do.
 */
final class SyntheticWorkload {

    static final String[] LE = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"};
    private static final long START = 1_795_474_600_000L;
    /** Hosts in {@link Naming#SHARED} are spread round-robin over this many jobs. */
    static final int JOBS = 5;

    /** How series are named; see the class comment. */
    enum Naming { PER_FAMILY, SHARED }

    private enum Kind { NETWORK, CPU, TEMPERATURE, MEMORY, BUCKET }

    private SyntheticWorkload() {
    }

    /** Writes {@code series} series (rounded up to whole hosts) of {@code samples} samples each, 15 s apart. */
    static void write(Path file, int series, int samples) throws IOException {
        write(file, series, samples, START, 15_000L, Naming.PER_FAMILY);
    }

    /**
     * Writes {@code series} series of {@code samples} samples each; sample {@code i} of every
     * series is at {@code start + i * intervalMillis} plus 0 to 3 ms of jitter.
     */
    static void write(Path file, int series, int samples, long start, long intervalMillis, Naming naming) throws IOException {
        write(file, series, samples, start, intervalMillis, naming, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * Writes the samples of {@link #write(Path, int, int, long, long, Naming)} that fall in
     * {@code [fromMillis, toMillis)}: the same values as the whole, so that slices written one by one
     * add up to it.
     */
    static void write(Path file, int series, int samples, long start, long intervalMillis, Naming naming, long fromMillis, long toMillis)
            throws IOException {
        int hosts = Math.max(1, (series + 999) / 1000);
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
            for (int host = 0; host < hosts; host++) {
                String instance = instance(host);
                for (int s = 0; s < 1000 && host * 1000 + s < series; s++) {
                    writeSeries(out, instance, host, s, samples, start, intervalMillis, naming, fromMillis, toMillis);
                }
            }
            out.write("# EOF\n");
        }
    }

    /** The {@code instance} label of host {@code host}. */
    static String instance(int host) {
        return String.format(Locale.ROOT, "host-%06d:9100", host);
    }

    private static Kind kind(int family, Naming naming) {
        int k = family % 10;
        if (naming == Naming.PER_FAMILY) {
            return switch (k) {
                case 0, 1, 2 -> Kind.NETWORK;
                case 3, 4 -> Kind.CPU;
                case 5, 6 -> Kind.TEMPERATURE;
                case 7 -> Kind.MEMORY;
                default -> Kind.BUCKET;
            };
        }
        return switch (k) {
            case 0, 1, 2, 3, 4 -> Kind.NETWORK;
            case 5 -> Kind.CPU;
            case 6 -> Kind.TEMPERATURE;
            case 7 -> Kind.MEMORY;
            default -> Kind.BUCKET;
        };
    }

    private static String labels(Kind kind, int family, int member, String instance, int host, Naming naming) {
        String suffix = naming == Naming.PER_FAMILY ? "_" + family : "";
        String common = naming == Naming.PER_FAMILY ? "instance=\"" + instance + "\",job=\"node\""
                : "group=\"" + family + "\",instance=\"" + instance + "\",job=\"job-" + host % JOBS + "\"";
        return switch (kind) {
            case NETWORK -> "node_network_receive_bytes_total" + suffix + "{device=\"eth" + member + "\"," + common + "}";
            case CPU -> "node_cpu_seconds_total" + suffix + "{cpu=\"" + member / 2 + "\"," + common + ",mode=\""
                    + (member % 2 == 0 ? "user" : "system") + "\"}";
            case TEMPERATURE -> "node_hwmon_temp_celsius" + suffix + "{chip=\"" + member + "\"," + common + "}";
            case MEMORY -> "node_memory_bytes" + suffix + "{" + common + ",kind=\"k" + member + "\"}";
            case BUCKET -> "http_request_duration_seconds_bucket" + suffix + "{" + common + ",le=\"" + LE[member] + "\"}";
        };
    }

    private static void writeSeries(Writer out, String instance, int host, int s, int samples, long start, long interval, Naming naming,
                                    long from, long to) throws IOException {
        Random random = new Random(host * 1000L + s);
        Random jitter = new Random(host);
        int family = s / 10;
        int member = s % 10;
        Kind kind = kind(family, naming);
        String labels = labels(kind, family, member, instance, host, naming);
        double value = switch (kind) {
            case TEMPERATURE -> 40 + random.nextInt(200) / 10.0;
            case MEMORY -> 1L << 30;
            default -> 0;
        };
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < samples; i++) {
            long t = start + i * interval + jitter.nextInt(4);
            value = switch (kind) {
                case NETWORK -> value + random.nextInt(1 << 16);
                case CPU -> Math.round((value + random.nextInt(1500) / 100.0) * 100) / 100.0;
                case TEMPERATURE -> Math.round((value + (random.nextInt(5) - 2) / 10.0) * 10) / 10.0;
                case MEMORY -> value + (random.nextInt(3) - 1) * 4096L * random.nextInt(64);
                case BUCKET -> value + (random.nextInt(10) < member ? random.nextInt(20) : 0);
            };
            if (t < from || t >= to) {
                continue;
            }
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

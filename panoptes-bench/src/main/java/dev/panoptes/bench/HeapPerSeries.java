package dev.panoptes.bench;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.tsdb.head.Head;
import dev.panoptes.metrics.tsdb.head.HeadJournal;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.Locale;

/**
 * Fills a head with N synthetic active series shaped like a fleet of node exporters (per host a
 * thousand series: counters by device and mode, gauges, classic histogram buckets), scraped
 * every 15 s (240 scrapes, an hour, by default: the head then holds sealed chunks as well as
 * open ones, as it does in steady state), and reports the heap they hold after a full GC, per
 * series.
 */
final class HeapPerSeries {

    /** The figure the issue states for Prometheus 2.x; not measured in this run. */
    private static final int PROMETHEUS_BYTES_PER_SERIES = 3072;
    private static final String[] LE = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"};

    private HeapPerSeries() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int scrapes = args.length > 1 ? Integer.parseInt(args[1]) : 240;
        long before = usedAfterGc();
        // As the database runs it: sealed chunks in memory-mapped files, open chunks on the heap.
        Path chunks = Files.createTempDirectory("heap-per-series");
        Head head = new Head(2 * 3600_000L, 0, 0, HeadJournal.NONE, chunks);
        int hosts = Math.max(1, n / 1000);
        long start = System.nanoTime();
        long[] refs = new long[n];
        for (int scrape = 0; scrape < scrapes; scrape++) {
            long t = 1_795_474_600_000L + scrape * 15_000L;
            for (int host = 0; host < hosts; host++) {
                Appender app = head.appender();
                String instance = String.format(Locale.ROOT, "host-%06d:9100", host);
                for (int s = 0; s < 1000 && host * 1000 + s < n; s++) {
                    double value = switch (s % 10) {
                        case 0, 1, 2, 3, 4 -> scrape * 1024.0 * (s + 1);            // counters
                        case 5, 6, 7 -> 50 + (s * 7 + scrape * 3) % 41;             // gauges
                        default -> scrape * (s % 100);                              // histogram buckets
                    };
                    int id = host * 1000 + s;
                    // As a scraper does: labels once, then the reference the head returned.
                    refs[id] = app.append(refs[id], refs[id] == 0 ? series(instance, s) : null, t, value);
                }
                app.commit();
            }
        }
        long elapsed = System.nanoTime() - start;
        long after = usedAfterGc();
        double perSeries = (double) (after - before) / head.numSeries();
        System.out.printf(Locale.ROOT, "%d series, %d samples appended in %.1f s; heap %d MiB%n", head.numSeries(), head.numSeries() * (long) scrapes,
                elapsed / 1e9, (after - before) >> 20);
        System.out.printf(Locale.ROOT, "heap-per-series: panoptes=%.0f prometheus=%d ratio=%.3f (the Prometheus figure is the one the issue states, not measured here)%n",
                perSeries, PROMETHEUS_BYTES_PER_SERIES, perSeries / PROMETHEUS_BYTES_PER_SERIES);
        head.close();
        try (Stream<Path> files = Files.list(chunks)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(chunks);
    }

    /** Series {@code s} of a host: 100 metric names with ten series each. */
    private static Labels series(String instance, int s) {
        int family = s / 10;
        int member = s % 10;
        return switch (family % 10) {
            case 0, 1, 2, 3, 4 -> Labels.of("__name__", "node_network_receive_bytes_total_" + family, "instance", instance, "job", "node",
                    "device", "eth" + member);
            case 5, 6, 7 -> Labels.of("__name__", "node_cpu_seconds_total_" + family, "instance", instance, "job", "node",
                    "cpu", Integer.toString(member / 2), "mode", member % 2 == 0 ? "user" : "system");
            default -> Labels.of("__name__", "http_request_duration_seconds_bucket_" + family, "instance", instance, "job", "node",
                    "le", LE[member]);
        };
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

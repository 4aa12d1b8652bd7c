package dev.panoptes.bench;

import dev.panoptes.core.objstore.LocalDirectoryObjectStore;
import dev.panoptes.metrics.tsdb.importer.OpenMetricsImporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Imports one OpenMetrics file into Panoptes blocks and, when {@code promtool} is on the path,
 * into Prometheus blocks ({@code promtool tsdb create-blocks-from openmetrics}), and compares the
 * bytes each takes per sample.
 */
final class BytesPerSample {

    private BytesPerSample() {
    }

    public static void main(String[] args) throws Exception {
        boolean synthetic = args.length > 0 && args[0].equals("--synthetic");
        Path file = synthetic ? null : args.length > 0 ? Path.of(args[0])
                : Path.of(System.getProperty("panoptes.shared.dir", "../shared"), "datasets", "metrics", "node-recording.om.gz");
        if (file != null && !Files.isRegularFile(file)) {
            System.err.println("no such file: " + file);
            System.exit(2);
        }
        Path work = Files.createTempDirectory("bytes-per-sample");
        try {
            Path plain = work.resolve("input.om");
            if (synthetic) {
                int series = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
                int samples = args.length > 2 ? Integer.parseInt(args[2]) : 240;
                SyntheticWorkload.write(plain, series, samples);
                System.out.printf(Locale.ROOT, "synthetic: %d series of %d samples, %d MiB of text%n", series, samples, Files.size(plain) >> 20);
            } else {
                try (InputStream in = open(file)) {
                    Files.copy(in, plain);
                }
            }
            long samples;
            long panoptesBytes;
            try (LocalDirectoryObjectStore store = LocalDirectoryObjectStore.open(work.resolve("panoptes"));
                 Reader reader = Files.newBufferedReader(plain, StandardCharsets.UTF_8)) {
                OpenMetricsImporter.Result result = new OpenMetricsImporter(2 * 3600_000L, 120)
                        .run(reader, store, "metrics/bench/blocks/", work.resolve("staging"));
                samples = result.samples();
                panoptesBytes = size(work.resolve("panoptes").resolve("metrics"));
                System.out.printf(Locale.ROOT, "panoptes:   %d samples, %d series, %d blocks, %d bytes%n", samples, result.series(),
                        result.blocks().size(), panoptesBytes);
            }
            double panoptes = (double) panoptesBytes / samples;
            Long prometheusBytes = promtool(plain, work.resolve("prometheus"));
            if (prometheusBytes == null) {
                System.out.printf(Locale.ROOT, "bytes-per-sample: panoptes=%.3f prometheus=n/a (promtool not found; apt-get install prometheus)%n", panoptes);
                return;
            }
            double prometheus = (double) prometheusBytes / samples;
            System.out.printf(Locale.ROOT, "prometheus: %d bytes (promtool tsdb create-blocks-from openmetrics)%n", prometheusBytes);
            System.out.printf(Locale.ROOT, "bytes-per-sample: panoptes=%.3f prometheus=%.3f ratio=%.3f%n", panoptes, prometheus, panoptes / prometheus);
        } finally {
            deleteRecursively(work);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** Runs promtool into {@code out}; the bytes of the blocks it wrote, or null without promtool. */
    private static Long promtool(Path input, Path out) throws IOException, InterruptedException {
        Files.createDirectories(out);
        Process process;
        try {
            process = new ProcessBuilder("promtool", "tsdb", "create-blocks-from", "openmetrics", input.toString(), out.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return null;
        }
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("promtool failed with exit code " + process.exitValue());
        }
        return size(out);
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package dev.panoptes.bench;

import dev.panoptes.core.tenant.TenantResolver;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./panoptes bench query-latency [SERIES [REPETITIONS]]}: one synthetic fleet ({@link
 * SyntheticWorkload.Naming#SHARED}, one sample a minute per series for a day, ending a minute
 * ago) is imported into Panoptes ({@code panoptes import openmetrics}) and into Prometheus
 * ({@code promtool tsdb create-blocks-from openmetrics}); both servers are started on it, and
 * the {@link QuerySet#standard() fixed queries} are sent to each as range queries over 1 h and
 * 24 h. After a warm-up (its answers are compared, then one more untimed run each), every query
 * runs {@code REPETITIONS} times on each server (fewer where that would exceed {@link
 * #BUDGET_MILLIS}), alternating between them so that load from other work on the machine falls
 * on both alike. Reports median and p99 latency per query and system, then profiles
 * Panoptes with Flight Recorder on the query where it trails Prometheus most.
 */
final class QueryLatency {

    private static final long INTERVAL_MILLIS = 60_000L;
    /** Samples sit this far past whole minutes (plus 0-3 ms of jitter): never on a window edge. */
    private static final long SAMPLE_OFFSET_MILLIS = 500L;
    /** Measuring one query on one system stops after about this long, so that a slow query cannot stretch a run past minutes. */
    static final double BUDGET_MILLIS = 30_000;
    private static final long BLOCK_MILLIS = 2 * 3_600_000L;
    private static final double PROFILE_MILLIS = 10_000;

    private QueryLatency() {
    }

    /** One query over one range on both systems: latencies in milliseconds, and how the answers compare. */
    record Measured(QuerySet.Run run, double[] panoptesMillis, double[] prometheusMillis, long points, int series,
                    ResultComparison comparison, String error) {
    }

    public static void main(String[] args) throws Exception {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (series < 1 || repetitions < 1) {
            System.err.println("SERIES and REPETITIONS must be positive");
            System.exit(2);
        }
        QuerySet set = QuerySet.standard();
        Path serverJar = Path.of(System.getProperty("panoptes.server.jar", "panoptes-server/target/panoptes-server.jar"));
        if (!Files.isRegularFile(serverJar)) {
            System.err.println("no server jar at " + serverJar + "; run through ./panoptes bench");
            System.exit(2);
        }
        for (String tool : List.of("prometheus", "promtool")) {
            if (!onPath(tool)) {
                System.out.println("query-latency: panoptes=n/a prometheus=n/a (" + tool + " not found on the PATH; apt-get install prometheus)");
                System.exit(2);
            }
        }
        Path work = Files.createTempDirectory("query-latency");
        try {
            long lastSample = prepare(work, series, set, serverJar);
            try (QueryServers.Running prometheus = QueryServers.startPrometheus(work, work.resolve("prometheus"));
                 QueryServers.Running panoptes = QueryServers.startPanoptes(work, work.resolve("panoptes"), serverJar, "6g")) {
                System.out.println("panoptes:   " + panoptes.how());
                System.out.println("prometheus: " + prometheus.how());
                List<Measured> measured = measure(set.runs(lastSample), panoptes, prometheus, repetitions);
                QueryReport.print(measured, repetitions);
                profileWorst(measured, panoptes, work);
                QueryReport.printSummaryLine(measured);
            }
        } finally {
            deleteRecursively(work);
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Generates the data set and imports it into both systems; returns the time of the last
     * sample. The data goes in slices of one 2 h block each, because promtool reads its whole
     * input once per block it writes: one file for a day would be read thirteen times.
     */
    private static long prepare(Path work, int series, QuerySet set, Path serverJar) throws Exception {
        int samples = (int) ((set.longestRangeMillis() + QuerySet.LOOKBEHIND_MILLIS) / INTERVAL_MILLIS) + 5;
        long now = System.currentTimeMillis();
        long lastMinute = Math.floorDiv(now, INTERVAL_MILLIS) * INTERVAL_MILLIS - INTERVAL_MILLIS;
        long start = lastMinute - (samples - 1L) * INTERVAL_MILLIS + SAMPLE_OFFSET_MILLIS;
        long last = start + (samples - 1L) * INTERVAL_MILLIS;
        System.out.printf(Locale.ROOT, "data: %,d series x %,d samples (one a minute, %.1f h, ending %s), %,d samples%n",
                series, samples, samples / 60.0, java.time.Instant.ofEpochMilli(last), (long) series * samples);
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.createDirectories(work.resolve("prometheus"));
        Path file = work.resolve("slice.om");
        double writing = 0;
        double importing = 0;
        double promtool = 0;
        long bytes = 0;
        for (long from = Math.floorDiv(start, BLOCK_MILLIS) * BLOCK_MILLIS; from <= last; from += BLOCK_MILLIS) {
            long t0 = System.nanoTime();
            SyntheticWorkload.write(file, series, samples, start, INTERVAL_MILLIS, SyntheticWorkload.Naming.SHARED, from, from + BLOCK_MILLIS);
            bytes += Files.size(file);
            writing += (System.nanoTime() - t0) / 1e9;
            importing += run("panoptes import", work.resolve("panoptes-import.log"), java, "--enable-native-access=ALL-UNNAMED", "-Xmx4g", "-jar",
                    serverJar.toString(), "import", "openmetrics", file.toString(), "--data-dir", work.resolve("panoptes").toString());
            promtool += run("promtool tsdb create-blocks-from openmetrics", work.resolve("promtool.log"), "promtool", "tsdb",
                    "create-blocks-from", "openmetrics", file.toString(), work.resolve("prometheus").toString());
            Files.delete(file);
        }
        System.out.printf(Locale.ROOT, "%,d MiB of OpenMetrics text written in %.0f s; imported in 2 h slices by panoptes import in %.0f s,"
                + " by promtool tsdb create-blocks-from openmetrics in %.0f s%n", bytes >> 20, writing, importing, promtool);
        return last;
    }

    /** Runs a command to completion; the seconds it took. */
    private static double run(String what, Path log, String... command) throws Exception {
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(what + " did not finish in 20 minutes");
        }
        if (process.exitValue() != 0) {
            throw new IOException(what + " failed with exit code " + process.exitValue() + ": " + Files.readString(log));
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static List<Measured> measure(List<QuerySet.Run> runs, QueryServers.Running panoptes, QueryServers.Running prometheus,
                                          int repetitions) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Measured> measured = new ArrayList<>();
        for (QuerySet.Run run : runs) {
            try {
                RangeResult ours = RangeResult.parse(send(client, panoptes, run));
                RangeResult theirs = RangeResult.parse(send(client, prometheus, run));
                ResultComparison comparison = ResultComparison.compare(ours, theirs);
                double warmup = Math.max(timed(client, panoptes, run), timed(client, prometheus, run));
                int n = repetitionsWithin(repetitions, warmup);
                double[] p = new double[n];
                double[] q = new double[n];
                for (int i = 0; i < n; i++) {
                    p[i] = timed(client, panoptes, run);
                    q[i] = timed(client, prometheus, run);
                }
                measured.add(new Measured(run, p, q, theirs.pointCount(), theirs.series().size(), comparison, null));
            } catch (IOException e) {
                measured.add(new Measured(run, null, null, 0, 0, null, e.getMessage()));
            }
            Measured last = measured.getLast();
            System.out.println(QueryReport.progressLine(last));
        }
        return measured;
    }

    /**
     * The repetitions to run when the slower system took {@code warmupMillis} for one: at most
     * {@code requested}, fewer when they would take more than {@link #BUDGET_MILLIS}, at least one.
     */
    static int repetitionsWithin(int requested, double warmupMillis) {
        long fit = (long) (BUDGET_MILLIS / Math.max(1, warmupMillis));
        return (int) Math.max(1, Math.min(requested, fit));
    }

    private static double timed(HttpClient client, QueryServers.Running server, QuerySet.Run run) throws Exception {
        long t0 = System.nanoTime();
        send(client, server, run);
        return (System.nanoTime() - t0) / 1e6;
    }

    static byte[] send(HttpClient client, QueryServers.Running server, QuerySet.Run run) throws IOException, InterruptedException {
        String url = server.baseUrl() + "/api/v1/query_range?query=" + URLEncoder.encode(run.query().promql(), StandardCharsets.UTF_8)
                + "&start=" + seconds(run.startMillis()) + "&end=" + seconds(run.endMillis()) + "&step=" + seconds(run.range().stepMillis());
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header(TenantResolver.HEADER, QueryServers.TENANT)
                .timeout(Duration.ofMinutes(5)).build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(server.name() + " answered " + response.statusCode() + ": "
                    + new String(response.body(), 0, Math.min(500, response.body().length), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%d.%03d", Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000));
    }

    /** The ratio of the medians, Panoptes over Prometheus. */
    static double ratio(Measured m) {
        return LatencyStats.quantile(m.panoptesMillis(), 0.5) / LatencyStats.quantile(m.prometheusMillis(), 0.5);
    }

    /** Profiles Panoptes on the query where it trails Prometheus most, the one most worth a look. */
    private static void profileWorst(List<Measured> measured, QueryServers.Running panoptes, Path work) {
        Measured worst = null;
        for (Measured m : measured) {
            if (m.error() == null && (worst == null || ratio(m) > ratio(worst))) {
                worst = m;
            }
        }
        if (worst == null) {
            return;
        }
        QuerySet.Run run = worst.run();
        // Enough runs for some ten seconds of samples, however fast the query is.
        int profileRuns = (int) Math.max(3, Math.min(200, PROFILE_MILLIS / LatencyStats.quantile(worst.panoptesMillis(), 0.5)));
        System.out.printf(Locale.ROOT, "%nprofile of Panoptes where it trails Prometheus most, %s over %s (ratio %.2f; Flight Recorder, %d runs):%n",
                run.query().name(), run.range().name(), ratio(worst), profileRuns);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            List<String> lines = JfrProfile.record(panoptes.pid(), work.resolve("worst.jfr"), 15, () -> {
                for (int i = 0; i < profileRuns; i++) {
                    send(client, panoptes, run);
                }
            });
            lines.forEach(System.out::println);
        } catch (Exception e) {
            System.out.println("  profile not taken: " + e.getMessage());
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

package dev.panoptes.bench;

import dev.panoptes.core.tenant.TenantResolver;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the two servers the query benchmark compares, each on a loopback port over data
 * imported beforehand: Debian's Prometheus on a promtool-written data directory, and the Panoptes
 * server process on one {@code panoptes import} wrote. Scraping is left as each does it by
 * default: Prometheus gets a configuration without jobs, Panoptes scrapes itself, into series
 * none of the benchmark's queries select.
 */
final class QueryServers {

    /** The tenant {@code panoptes import} writes to by default and queries are sent as. */
    static final String TENANT = "anonymous";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private QueryServers() {
    }

    /** A running server: where to send queries, how it runs, and how to stop it. */
    record Running(String name, String baseUrl, long pid, String how, AutoCloseable stop) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            stop.close();
        }
    }

    static Running startPrometheus(Path work, Path dataDir) throws Exception {
        int port = freePort();
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1h\n");
        // Retention far beyond the data's age; block ranges pinned to 2 h so that no compaction
        // of the imported blocks runs while queries are measured (Panoptes' blocks are 2 h too).
        List<String> command = List.of("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dataDir,
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.retention.time=30d",
                "--storage.tsdb.min-block-duration=2h", "--storage.tsdb.max-block-duration=2h");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("prometheus.log").toFile()).start();
        String url = "http://127.0.0.1:" + port;
        awaitReady(url, process, work.resolve("prometheus.log"));
        return new Running("prometheus", url, process.pid(), "Prometheus process (" + String.join(" ", command.subList(0, 1)) + ")",
                () -> stop(process));
    }

    /** Starts the Panoptes server process from {@code serverJar} on {@code dataDir}, and checks that it answers range queries. */
    static Running startPanoptes(Path work, Path dataDir, Path serverJar, String heap) throws Exception {
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        // As for Prometheus: retention far beyond the data's age, and no merging of the imported
        // 2 h blocks while queries are measured.
        Path config = work.resolve("panoptes.yml");
        Files.writeString(config, "tsdb:\n  retention_time: 30d\n  max_block_duration: 2h\n");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx" + heap, "-jar", serverJar.toString(),
                "server", "--config", config.toString(), "--data-dir", dataDir.toString(), "--listen-address", "127.0.0.1", "--http-port", Integer.toString(port),
                "--otlp-grpc-port", "0", "--otlp-http-port", "0"));
        Path log = work.resolve("panoptes.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String url = "http://127.0.0.1:" + port;
        awaitReady(url, process, log);
        if (!servesRangeQueries(url)) {
            stop(process);
            throw new IOException("the Panoptes server at " + serverJar + " does not answer /api/v1/query_range; log: " + log);
        }
        return new Running("panoptes", url, process.pid(), "Panoptes server process (-Xmx" + heap + ")", () -> stop(process));
    }

    private static boolean servesRangeQueries(String url) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url + "/api/v1/query_range?query=1&start=0&end=60&step=60"))
                .header(TenantResolver.HEADER, TENANT).build();
        return client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    private static void awaitReady(String url, Process process, Path log) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        URI ready = URI.create(url + "/-/ready");
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("server exited with code " + process.exitValue() + "; log: " + log);
            }
            try {
                if (client.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        stop(process);
        throw new IOException(url + " did not become ready within " + START_TIMEOUT + "; log: " + log);
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

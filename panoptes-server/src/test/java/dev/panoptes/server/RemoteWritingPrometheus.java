package dev.panoptes.server;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus for the tests that compare with it: scraping itself every second and
 * remote-writing to a Panoptes port, on a free loopback port, stopped on close. The tests that use
 * it skip themselves when the binary is not installed ({@link #binary()} is null).
 */
final class RemoteWritingPrometheus implements AutoCloseable {

    static final String NOT_INSTALLED = "skipped: Debian's prometheus is not installed (.ci/run installs it: apt-get install prometheus)";

    private final Process process;
    private final int port;
    private final Path log;

    private RemoteWritingPrometheus(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The installed binary, or null. */
    static String binary() {
        for (String candidate : List.of("/usr/bin/prometheus", "/usr/local/bin/prometheus")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Starts Prometheus with its data, configuration and log under {@code dir}, remote-writing to
     * {@code http://127.0.0.1:panoptesPort/api/v1/write}; with {@code metadata}, metadata too.
     */
    static RemoteWritingPrometheus start(String binary, Path dir, int panoptesPort, boolean metadata) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path yml = dir.resolve("prometheus.yml");
        Files.writeString(yml, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                remote_write:
                  - url: http://127.0.0.1:%d/api/v1/write
                    queue_config:
                      batch_send_deadline: 500ms
                      min_backoff: 100ms
                      max_backoff: 1s
                """.formatted(port, panoptesPort) + (metadata ? """
                    metadata_config:
                      send_interval: 1s
                """ : ""));
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary, "--config.file=" + yml, "--storage.tsdb.path=" + dir.resolve("prometheus-data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new RemoteWritingPrometheus(process, port, log);
    }

    int port() {
        return port;
    }

    /** The first lines of Prometheus' log, for failure messages. */
    String logHead() throws IOException {
        return String.join("\n", Files.readAllLines(log).stream().limit(40).toList());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}

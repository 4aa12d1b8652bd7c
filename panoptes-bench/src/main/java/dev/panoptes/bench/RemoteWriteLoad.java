package dev.panoptes.bench;

import java.io.File;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Sends the same remote write traffic to a Panoptes server process and to Debian's Prometheus
 * with its remote write receiver, one after the other, and compares samples stored per second
 * of server CPU (user + system time of the server process, from /proc). Several connections
 * each own a slice of the series and send 2000-sample requests with advancing timestamps,
 * as a fleet of Prometheus servers would.
 */
final class RemoteWriteLoad {

    private static final int SAMPLES_PER_REQUEST = 2000;

    private RemoteWriteLoad() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int series = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        Path work = Files.createTempDirectory("remote-write-load");
        try {
            System.out.printf(Locale.ROOT, "%d series, %d connections, %d s per system, %d samples per request%n", series, connections, seconds,
                    SAMPLES_PER_REQUEST);
            Result panoptes = run("panoptes", startPanoptes(work), seconds, connections, series);
            String prometheusBinary = new File("/usr/bin/prometheus").canExecute() ? "/usr/bin/prometheus" : null;
            if (prometheusBinary == null) {
                System.out.printf(Locale.ROOT, "remote-write: panoptes=%.0f prometheus=n/a (apt-get install prometheus)%n", panoptes.perCpuSecond());
                return;
            }
            Server peer = startPrometheus(prometheusBinary, work);
            Result prometheus;
            try {
                prometheus = run("prometheus", peer, seconds, connections, series);
            } catch (IllegalStateException | IOException e) {
                // The peer can fail under this load (Debian's Prometheus 2.42 has exited with a Go
                // runtime error about a minute in); say so in the closing line rather than crash.
                System.out.println(e.getMessage());
                System.out.printf(Locale.ROOT, "remote-write: panoptes=%.0f prometheus=n/a (it exited during the run: %s)%n",
                        panoptes.perCpuSecond(), peer.process().isAlive() ? "unreadable" : "exit code " + peer.process().exitValue());
                return;
            }
            System.out.printf(Locale.ROOT, "remote-write: panoptes=%.0f prometheus=%.0f ratio=%.2f (samples stored per CPU second of the server)%n",
                    panoptes.perCpuSecond(), prometheus.perCpuSecond(), panoptes.perCpuSecond() / prometheus.perCpuSecond());
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private record Server(Process process, String url, Path log) {
    }

    private record Result(long samples, double cpuSeconds, double wallSeconds, long rssBytes) {
        double perCpuSecond() {
            return samples / cpuSeconds;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Server startPanoptes(Path work) throws IOException {
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path jar = Path.of(System.getProperty("panoptes.server.jar", "panoptes-server/target/panoptes-server.jar"));
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx2g", "-jar", jar.toString(), "server",
                "--data-dir", work.resolve("panoptes").toString(), "--http-port", Integer.toString(port),
                "--otlp-grpc-port", "0", "--otlp-http-port", "0")
                .redirectErrorStream(true).redirectOutput(work.resolve("panoptes.log").toFile()).start();
        return new Server(process, "http://127.0.0.1:" + port + "/api/v1/write", work.resolve("panoptes.log"));
    }

    private static Server startPrometheus(String binary, Path work) throws IOException {
        int port = freePort();
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1h\n");
        Process process = new ProcessBuilder(binary, "--config.file=" + config, "--storage.tsdb.path=" + work.resolve("prometheus"),
                "--web.listen-address=127.0.0.1:" + port, "--web.enable-remote-write-receiver")
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        return new Server(process, "http://127.0.0.1:" + port + "/api/v1/write", work.resolve("prometheus.log"));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            // A Go runtime failure prints its reason first, then every goroutine: show the reason.
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("fatal error") || lines.get(i).startsWith("panic") || lines.get(i).startsWith("SIG")) {
                    return String.join("\n", lines.subList(Math.max(0, i - 3), Math.min(lines.size(), i + 12)));
                }
            }
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static Result run(String name, Server server, int seconds, int connections, int series) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            awaitUp(client, server.url());
            double cpuBefore = cpuSeconds(server.process().pid());
            AtomicLong stored = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            Instant end = Instant.now().plusSeconds(seconds);
            long started = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            int perConnection = series / connections / SAMPLES_PER_REQUEST * SAMPLES_PER_REQUEST;
            for (int c = 0; c < connections; c++) {
                int first = c * perConnection;
                Thread thread = new Thread(() -> send(client, server.url(), first, perConnection, end, stored, refused), name + "-load-" + c);
                threads.add(thread);
                thread.start();
            }
            // Every minute: resident memory, and for a JVM the live heap after a full GC (jcmd),
            // to see whether memory stays flat under sustained load.
            List<Long> rssSamples = new ArrayList<>();
            List<Long> heapSamples = new ArrayList<>();
            while (threads.stream().anyMatch(Thread::isAlive)) {
                threads.get(0).join(60_000);
                if (!server.process().isAlive()) {
                    throw new IllegalStateException(name + " exited with code " + server.process().exitValue()
                            + " during the run; see its log" + (server.log() == null ? "" : ": " + tail(server.log())));
                }
                rssSamples.add(rssBytes(server.process().pid()) >> 20);
                long heap = liveHeapMiB(server.process().pid());
                if (heap >= 0) {
                    heapSamples.add(heap);
                }
            }
            for (Thread thread : threads) {
                thread.join();
            }
            System.out.printf(Locale.ROOT, "%-10s RSS every minute, MiB: %s%n", name, rssSamples);
            if (!heapSamples.isEmpty()) {
                System.out.printf(Locale.ROOT, "%-10s live heap after full GC every minute, MiB: %s%n", name, heapSamples);
            }
            double wall = (System.nanoTime() - started) / 1e9;
            double cpu = cpuSeconds(server.process().pid()) - cpuBefore;
            long rss = rssBytes(server.process().pid());
            System.out.printf(Locale.ROOT, "%-10s %,d samples stored (%,d refused) in %.1f s: %,.0f samples/s, %.2f CPU s, %.2f CPU s per million samples, RSS %d MiB%n",
                    name, stored.get(), refused.get(), wall, stored.get() / wall, cpu, cpu / (stored.get() / 1e6), rss >> 20);
            return new Result(stored.get(), cpu, wall, rss);
        } finally {
            server.process().destroy();
            server.process().waitFor();
        }
    }

    private static void send(HttpClient client, String url, int first, int count, Instant end, AtomicLong stored, AtomicLong refused) {
        // Timestamps follow the wall clock, as senders' do, so that no connection runs ahead of the
        // others into a range the server has already closed.
        long t = System.currentTimeMillis();
        // Rounds of requests prepared ahead so that the client spends little CPU while measuring.
        List<byte[]> round = new ArrayList<>();
        while (Instant.now().isBefore(end)) {
            round.clear();
            for (int offset = 0; offset < count; offset += SAMPLES_PER_REQUEST) {
                round.add(RemoteWriteRequests.snappy(RemoteWriteRequests.request(first + offset, SAMPLES_PER_REQUEST, t)));
            }
            for (byte[] body : round) {
                if (!Instant.now().isBefore(end)) {
                    return;
                }
                HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-protobuf")
                        .header("Content-Encoding", "snappy")
                        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                try {
                    int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    (status / 100 == 2 ? stored : refused).addAndGet(SAMPLES_PER_REQUEST);
                } catch (IOException e) {
                    refused.addAndGet(SAMPLES_PER_REQUEST);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            t = Math.max(t + 1, System.currentTimeMillis());
        }
    }

    private static void awaitUp(HttpClient client, String url) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        URI ready = URI.create(url.replace("/api/v1/write", "/-/ready"));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (client.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new IOException(url + " did not become ready");
    }

    /** The heap used right after a full GC of a JVM process, in MiB, or -1 when it is not a JVM. */
    private static long liveHeapMiB(long pid) {
        try {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            if (new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor() != 0) {
                return -1;
            }
            Process info = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(info.getInputStream().readAllBytes());
            info.waitFor();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
            return m.find() ? Long.parseLong(m.group(1)) >> 10 : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** User plus system CPU seconds of a process, from /proc/PID/stat. */
    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks / 100.0;
    }

    private static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }
}

package dev.panoptes.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import dev.panoptes.core.testing.ChildJvm;
import dev.panoptes.server.http.HttpRoutes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code panoptes server} command in a child JVM: start-up, the data-directory lock, signals. */
class ServerProcessTest {

    /** A bound on start-up, not a speed check: a loaded shared machine can take many seconds. */
    private static final Duration READY_WAIT = Duration.ofSeconds(60);


    @TempDir
    Path dataDir;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void answersReadyWithinTenSecondsAndSecondServerOnTheSameDataDirRefuses() throws Exception {
        int port = freePort();
        try (ChildJvm first = ChildJvm.start(Main.class, "server", "--data-dir", dataDir.toString(), "--http-port", Integer.toString(port), "--otlp-grpc-port", "0", "--otlp-http-port", "0")) {
            awaitReady(port, READY_WAIT, first);

            try (ChildJvm second = ChildJvm.start(Main.class, "server", "--data-dir", dataDir.toString(), "--http-port", Integer.toString(freePort()), "--otlp-grpc-port", "0", "--otlp-http-port", "0")) {
                assertThat(second.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
                assertThat(second.output())
                        .contains("is in use by another Panoptes process (pid " + first.pid() + ")")
                        .contains("--data-dir");
            }
            assertThat(get(port, "/-/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void sigtermLetsTheRequestInFlightFinishThenExitsZero() throws Exception {
        int port = freePort();
        try (ChildJvm server = ChildJvm.start(SlowRouteServer.class, "server", "--data-dir", dataDir.toString(), "--http-port", Integer.toString(port), "--otlp-grpc-port", "0", "--otlp-http-port", "0")) {
            awaitReady(port, READY_WAIT, server);

            CompletableFuture<java.net.http.HttpResponse<String>> inFlight = client.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/slow")).build(), BodyHandlers.ofString());
            server.awaitLine(line -> line.contains(SlowRouteServer.STARTED), Duration.ofSeconds(10));
            server.terminate();

            java.net.http.HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("finished");
            assertThat(server.awaitExit(Duration.ofSeconds(10))).as(server.output()).isZero();
            assertThat(server.output()).contains("Received SIGTERM").contains("Stopped");
        }
        // The lock went with the process: the directory can be used again at once.
        dev.panoptes.core.fs.DataDirectoryLock.acquire(dataDir).close();
    }

    @Test
    void sigintAlsoStopsCleanlyAndJsonLogsAreOneObjectPerLine() throws Exception {
        Assumptions.assumeFalse(sigintIgnored(), "skipped: this JVM ignores SIGINT (it was started in the background by a "
                + "non-interactive shell), and a child inherits that, so Ctrl-C cannot be tested from here");
        int port = freePort();
        try (ChildJvm server = ChildJvm.start(Main.class, "server", "--data-dir", dataDir.toString(), "--http-port", Integer.toString(port), "--otlp-grpc-port", "0", "--otlp-http-port", "0",
                "--log-format", "json")) {
            awaitReady(port, READY_WAIT, server);

            server.interrupt();

            assertThat(server.awaitExit(Duration.ofSeconds(10))).isZero();
            List<String> logLines = server.output().lines().filter(line -> line.startsWith("{")).toList();
            assertThat(logLines).anySatisfy(line -> assertThat(line).contains("Received SIGINT"));
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (String line : logLines) {
                com.fasterxml.jackson.databind.JsonNode entry = json.readTree(line);
                assertThat(entry.has("level")).as(line).isTrue();
                assertThat(entry.has("formattedMessage")).as(line).isTrue();
            }
        }
    }

    /** Whether SIGINT (signal 2) is in this process's ignored set, which children inherit across exec. */
    private static boolean sigintIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << (2 - 1))) != 0;
            }
        }
        return false;
    }

    private void awaitReady(int port, Duration timeout, ChildJvm process) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (get(port, "/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Poll again until the deadline.
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("server not ready within " + timeout + ":\n" + process.output());
    }

    private java.net.http.HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The real server command with one extra route that takes a while to answer. */
    public static final class SlowRouteServer {
        static final String STARTED = "slow request started";

        public static void main(String[] args) {
            HttpRoutes slow = sb -> sb.service("/api/v1/slow", (ctx, req) -> {
                System.out.println(STARTED);
                System.out.flush();
                return HttpResponse.delayed(HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "finished"), Duration.ofMillis(1500));
            });
            // args[0] is "server", as for the real launcher; the command itself takes the rest.
            String[] options = java.util.Arrays.copyOfRange(args, 1, args.length);
            System.exit(new picocli.CommandLine(new ServerCommand(List.of(slow))).execute(options));
        }
    }
}

package dev.panoptes.server.cli;

import dev.panoptes.core.config.ConfigException;
import dev.panoptes.core.config.YamlConfigLoader;
import dev.panoptes.server.PanoptesServer;
import dev.panoptes.server.config.OtlpSettings;
import dev.panoptes.server.config.PanoptesConfig;
import dev.panoptes.server.config.ServerSettings;
import dev.panoptes.server.http.HttpRoutes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code panoptes server}: the all-in-one main job. Reads the configuration file, applies flags
 * over it (a flag given on the command line always wins), starts the server and runs until
 * SIGTERM or SIGINT, then shuts down gracefully and exits 0.
 */
@Command(name = "server", description = "Run Panoptes: every component in one process.",
        mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false)
final class ServerCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ServerCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file. Flags override its values.")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Directory for all stored data (config key data_dir).")
    Path dataDir;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "" + ServerSettings.DEFAULT_HTTP_PORT,
            description = "Port serving every API and the UI; 0 picks a free one (server.http_port).")
    int httpPort;

    @Option(names = "--listen-address", paramLabel = "ADDRESS", defaultValue = ServerSettings.DEFAULT_LISTEN_ADDRESS,
            description = "Address to listen on (server.listen_address).")
    String listenAddress;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text", converter = LogFormatConverter.class,
            description = "Log format: text or json (server.log_format).")
    ServerSettings.LogFormat logFormat;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "Lowest level logged: debug, info, warn or error (server.log_level).")
    String logLevel;

    @Option(names = "--otlp-grpc-port", paramLabel = "PORT", defaultValue = "4317",
            description = "Standard OTLP/gRPC port; 0 leaves it closed (otlp.grpc_port).")
    int otlpGrpcPort;

    @Option(names = "--otlp-http-port", paramLabel = "PORT", defaultValue = "4318",
            description = "Standard OTLP/HTTP port; 0 leaves it closed (otlp.http_port). OTLP/HTTP is served on the main port too.")
    int otlpHttpPort;

    private final List<HttpRoutes> extraRoutes;

    ServerCommand() {
        this(List.of());
    }

    /** For tests that run the real command with routes of their own. */
    ServerCommand(List<HttpRoutes> extraRoutes) {
        this.extraRoutes = extraRoutes;
    }

    @Override
    public Integer call() throws Exception {
        PanoptesConfig config;
        try {
            config = effectiveConfig();
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        LogSetup.configure(config.server().logFormat(), config.server().logLevel());

        PanoptesServer server;
        try {
            server = PanoptesServer.start(config, extraRoutes);
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            // IllegalArgumentException: settings only checkable at start, such as a tls_config file that cannot be read.
            log.error("Cannot start: {}", e.getMessage());
            return 1;
        }
        awaitSignalThenClose(server);
        return 0;
    }

    /** The configuration file's values with every flag the user gave laid over them. */
    PanoptesConfig effectiveConfig() throws ConfigException {
        PanoptesConfig fromFile = configFile == null
                ? PanoptesConfig.defaults()
                : new YamlConfigLoader().load(configFile, PanoptesConfig.class);
        ServerSettings s = fromFile.server();
        ServerSettings server = new ServerSettings(
                given("--listen-address") ? listenAddress : s.listenAddress(),
                given("--http-port") ? httpPort : s.httpPort(),
                s.gracefulShutdownTimeout(),
                given("--log-format") ? logFormat : s.logFormat(),
                given("--log-level") ? logLevel : s.logLevel());
        OtlpSettings otlp = new OtlpSettings(given("--otlp-grpc-port") ? otlpGrpcPort : fromFile.otlp().grpcPort(),
                given("--otlp-http-port") ? otlpHttpPort : fromFile.otlp().httpPort(),
                fromFile.otlp().translationStrategy(), fromFile.otlp().promoteResourceAttributes(), fromFile.otlp().deltaToCumulative());
        return fromFile.withServer(server).withOtlp(otlp)
                .withDataDir(given("--data-dir") || configFile == null ? dataDir : fromFile.dataDir());
    }

    /** Accepts {@code text} and {@code json} in any case, with the configuration file's message for anything else. */
    static final class LogFormatConverter implements CommandLine.ITypeConverter<ServerSettings.LogFormat> {
        @Override
        public ServerSettings.LogFormat convert(String value) {
            try {
                return ServerSettings.LogFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * Blocks until SIGTERM or SIGINT, then closes the server. The JVM's own handling of these
     * signals would exit with status 143 after running shutdown hooks; handling them here lets an
     * orderly stop end with status 0, which is what service managers read as a clean stop.
     */
    private static void awaitSignalThenClose(PanoptesServer server) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), signal -> {
                if (!stopping.compareAndSet(false, true)) {
                    log.info("Received SIG{} while already shutting down", signal.getName());
                    return;
                }
                log.info("Received SIG{}", signal.getName());
                Thread stopper = new Thread(() -> {
                    try {
                        server.close();
                    } finally {
                        stopped.countDown();
                    }
                }, "shutdown");
                stopper.start();
            });
        }
        stopped.await();
    }
}

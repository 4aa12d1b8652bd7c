package dev.panoptes.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.config.ConfigException;
import dev.panoptes.server.config.PanoptesConfig;
import dev.panoptes.server.config.ServerSettings.LogFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import dev.panoptes.metrics.tsdb.TsdbSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerCommandTest {

    @TempDir
    Path dir;

    private static PanoptesConfig parse(String... args) throws ConfigException {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return command.effectiveConfig();
    }

    @Test
    void defaultsWithoutFileOrFlags() throws Exception {
        PanoptesConfig config = parse();

        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.server().listenAddress()).isEqualTo("127.0.0.1");
        assertThat(config.server().httpPort()).isEqualTo(9090);
        assertThat(config.server().logFormat()).isEqualTo(LogFormat.TEXT);
        assertThat(config.tenancy().authEnabled()).isFalse();
        assertThat(config.tenancy().defaultTenant()).isEqualTo("anonymous");
    }

    @Test
    void fileValuesApplyAndFlagsOverrideThem() throws Exception {
        Path file = dir.resolve("panoptes.yml");
        Files.writeString(file, """
                data_dir: /var/lib/panoptes
                server:
                  listen_address: 0.0.0.0
                  http_port: 8080
                  graceful_shutdown_timeout: 30s
                  log_format: json
                tenancy:
                  default_tenant: fake
                tsdb:
                  wal_sync: periodic
                  wal_sync_interval: 500ms
                  max_active_series: 1000
                otlp:
                  delta_to_cumulative:
                    max_stale: 1m
                query:
                  timeout: 30s
                  max_concurrent: 4
                  enable_admin_api: true
                  parallelism: 3
                """);

        PanoptesConfig fromFile = parse("--config", file.toString());
        assertThat(fromFile.dataDir()).isEqualTo(Path.of("/var/lib/panoptes"));
        assertThat(fromFile.server().listenAddress()).isEqualTo("0.0.0.0");
        assertThat(fromFile.server().httpPort()).isEqualTo(8080);
        assertThat(fromFile.server().gracefulShutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fromFile.server().logFormat()).isEqualTo(LogFormat.JSON);
        assertThat(fromFile.tenancy().defaultTenant()).isEqualTo("fake");
        assertThat(fromFile.tsdb().walSync()).isEqualTo(TsdbSettings.SyncPolicy.PERIODIC);
        assertThat(fromFile.tsdb().walSyncInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(fromFile.tsdb().maxActiveSeries()).isEqualTo(1000);
        assertThat(fromFile.tsdb().blockDuration()).isEqualTo(Duration.ofHours(2));
        assertThat(fromFile.otlp().deltaToCumulative().options().maxStale()).isEqualTo(Duration.ofMinutes(1));
        assertThat(fromFile.query().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fromFile.query().maxConcurrent()).isEqualTo(4);
        assertThat(fromFile.query().parallelism()).isEqualTo(3);
        assertThat(fromFile.query().engineSettings().parallelism()).isEqualTo(3);
        assertThat(fromFile.query().enableAdminApi()).isTrue();
        assertThat(fromFile.query().lookbackDelta()).isEqualTo(Duration.ofMinutes(5));

        PanoptesConfig overridden = parse("--config", file.toString(), "--http-port", "9999", "--data-dir", "/tmp/x", "--log-format", "text");
        assertThat(overridden.server().httpPort()).isEqualTo(9999);
        assertThat(overridden.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(overridden.server().logFormat()).isEqualTo(LogFormat.TEXT);
        assertThat(overridden.server().listenAddress()).isEqualTo("0.0.0.0");
    }

    @Test
    void unknownKeyInTheFileIsAStartUpErrorNamingKeyAndLine() throws Exception {
        Path file = dir.resolve("typo.yml");
        Files.writeString(file, """
                server:
                  http_port: 8080
                  htp_listen_address: 0.0.0.0
                """);

        assertThatThrownBy(() -> parse("--config", file.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("typo.yml:3:")
                .hasMessageContaining("unknown key 'htp_listen_address'")
                .hasMessageContaining("server.htp_listen_address");
    }

    @Test
    void mistypedValueIsAStartUpErrorNamingKeyAndLine() throws Exception {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, "tenancy:\n  auth_enabled: perhaps\n");

        assertThatThrownBy(() -> parse("--config", file.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad.yml:2:")
                .hasMessageContaining("tenancy.auth_enabled");
    }

    @Test
    void invalidDefaultTenantIsRejected() throws Exception {
        Path file = dir.resolve("tenant.yml");
        Files.writeString(file, "tenancy:\n  default_tenant: a/b\n");

        assertThatThrownBy(() -> parse("--config", file.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("default_tenant")
                .hasMessageContaining("unsupported character");
    }

    @Test
    void featuresAreEnabledByPrometheusNamesAndUnknownOnesRejected() throws Exception {
        Path good = dir.resolve("features.yml");
        Files.writeString(good, "enable_features: [created-timestamp-zero-ingestion]\n");
        assertThat(parse("--config", good.toString()).featureEnabled(PanoptesConfig.CREATED_TIMESTAMP_ZERO_INGESTION)).isTrue();
        assertThat(PanoptesConfig.defaults().featureEnabled(PanoptesConfig.CREATED_TIMESTAMP_ZERO_INGESTION)).isFalse();

        Path bad = dir.resolve("bad-features.yml");
        Files.writeString(bad, "enable_features: [native-histograms]\n");
        assertThatThrownBy(() -> parse("--config", bad.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown feature 'native-histograms'");
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));

        int exit = commandLine.execute("server", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("--config=FILE")
                .contains("--data-dir=DIR").contains("Default: data")
                .contains("--http-port=PORT").contains("Default: 9090")
                .contains("--listen-address=ADDRESS").contains("Default: 127.0.0.1")
                .contains("--log-format=FORMAT").contains("Default: text")
                .contains("--log-level=LEVEL").contains("Default: info");
    }

    @Test
    void configErrorExitsNonZeroWithTheMessage() throws Exception {
        Path file = dir.resolve("typo.yml");
        Files.writeString(file, "sever:\n  http_port: 1\n");
        StringWriter err = new StringWriter();
        java.io.PrintStream originalErr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.commandLine().execute("server", "--config", file.toString());
        } finally {
            System.setErr(originalErr);
        }

        assertThat(exit).isEqualTo(1);
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("error: ")
                .contains("typo.yml:1:")
                .contains("unknown key 'sever'");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theReadmeConfigurationExampleIsValid() throws Exception {
        Path readme = Path.of(System.getProperty("maven.multiModuleProjectDirectory", "..")).resolve("README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("..", "README.md");
        }
        String text = Files.readString(readme);
        int start = text.indexOf("```yaml\n") + "```yaml\n".length();
        String yaml = text.substring(start, text.indexOf("```", start));
        Path file = dir.resolve("readme.yml");
        Files.writeString(file, yaml);
        PanoptesConfig config = parse("--config", file.toString());
        assertThat(config.tsdb().retentionTime()).isEqualTo(Duration.ofDays(15));
        assertThat(config.tsdb().retentionSize().bytes()).isZero();
        assertThat(config.tsdb().maxBlockDuration()).isEqualTo(Duration.ofHours(36));
        assertThat(config.tsdb().walSync()).isEqualTo(TsdbSettings.SyncPolicy.ALWAYS);
        assertThat(config.otlp().deltaToCumulative().maxStale()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.otlp().deltaToCumulative().maxStreams()).isEqualTo(100_000);
        assertThat(config.query()).isEqualTo(dev.panoptes.metrics.api.QuerySettings.defaults());
    }
}

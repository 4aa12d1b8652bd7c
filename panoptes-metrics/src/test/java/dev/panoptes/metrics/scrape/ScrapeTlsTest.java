package dev.panoptes.metrics.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import dev.panoptes.core.config.YamlConfigLoader;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.InMemoryStorage;
import io.netty.handler.ssl.ClientAuth;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scraping HTTPS targets served in process with self-signed certificates made by the JDK's keytool. */
class ScrapeTlsTest {

    @TempDir
    static Path dir;
    /** A certificate for 127.0.0.1, and one for the name metrics.panoptes.test only. */
    private static Pem byAddress;
    private static Pem byName;

    private record Pem(Path cert, Path key) {
    }

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final InMemoryStorage storage = new InMemoryStorage();
    private Server server;

    @BeforeAll
    static void certificates() throws Exception {
        byAddress = selfSigned("address", "ip:127.0.0.1");
        byName = selfSigned("name", "dns:metrics.panoptes.test");
    }

    private static Pem selfSigned(String alias, String san) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=panoptes test " + alias, "-ext", "san=" + san, "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            keys.load(in, "changeit".toCharArray());
        }
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Path cert = dir.resolve(alias + ".crt");
        Path key = dir.resolve(alias + ".key");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n" + base64.encodeToString(keys.getCertificate(alias).getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(keys.getKey(alias, "changeit".toCharArray()).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return new Pem(cert, key);
    }

    private void serve(Pem pem, Consumer<ServerBuilder> customize) {
        ServerBuilder builder = Server.builder().https(0).tls(pem.cert().toFile(), pem.key().toFile())
                .service("/metrics", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.parse("text/plain; version=0.0.4"),
                        "# TYPE jobs_total counter\njobs_total 42\n"));
        customize.accept(builder);
        server = builder.build();
        server.start().join();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop().join();
        }
        executor.shutdownNow();
    }

    private static ScrapeConfig.TlsConfig tls(Path ca, Pem client, String serverName, Boolean insecure, String minVersion) {
        return new ScrapeConfig.TlsConfig(ca == null ? null : ca.toString(), null, client == null ? null : client.cert().toString(), null,
                client == null ? null : client.key().toString(), null, serverName, insecure, minVersion, null);
    }

    /** Scrapes the server once with {@code tls}; returns the loop for its last error. */
    private ScrapeLoop scrape(ScrapeConfig.TlsConfig tls) {
        ScrapeConfig config = new ScrapeConfig("secure", Duration.ofSeconds(15), null, null, "https", null, null, null, null, null, null, null,
                List.of(), List.of(), List.of(), null, null, null, null, null, tls, null, null, null, null, null);
        ScrapeTarget target = ScrapeTarget.of(config, ScrapeConfig.Global.defaults(), "127.0.0.1:" + server.activeLocalPort(), Map.of(),
                new Relabeler(List.of()));
        ScrapeLoop loop = new ScrapeLoop(target, config, storage, ScrapeTls.client(config.tlsConfig(), executor));
        loop.scrape(1000);
        return loop;
    }

    private List<Double> values(String name) {
        return storage.dump().getOrDefault(Labels.of("__name__", name, "instance", "127.0.0.1:" + server.activeLocalPort(), "job", "secure"),
                List.of()).stream().map(InMemoryStorage.Sample::value).toList();
    }

    @Test
    void aSelfSignedCertificateIsRefusedWithoutItsCa() {
        serve(byAddress, b -> { });
        ScrapeLoop loop = scrape(null);

        assertThat(values("up")).containsExactly(0.0);
        assertThat(values("jobs_total")).isEmpty();
        assertThat(loop.lastError()).isNotEmpty();
    }

    @Test
    void caFileMakesTheTargetTrusted() {
        serve(byAddress, b -> { });
        ScrapeLoop loop = scrape(tls(byAddress.cert(), null, null, null, null));

        assertThat(loop.lastError()).isEmpty();
        assertThat(values("up")).containsExactly(1.0);
        assertThat(values("jobs_total")).containsExactly(42.0);
    }

    @Test
    void insecureSkipVerifyAcceptsAnyCertificate() {
        serve(byName, b -> { });
        scrape(tls(null, null, null, true, null));

        assertThat(values("up")).containsExactly(1.0);
        assertThat(values("jobs_total")).containsExactly(42.0);
    }

    @Test
    void aTrustedCertificateForAnotherNameIsRefused() {
        serve(byName, b -> { });
        ScrapeLoop wrongName = scrape(tls(byName.cert(), null, null, null, null));

        assertThat(wrongName.lastError()).contains("not for 127.0.0.1");
        assertThat(values("up")).containsExactly(0.0);
    }

    @Test
    void serverNameIsTheNameTheCertificateIsCheckedAgainst() {
        serve(byName, b -> { });
        ScrapeLoop loop = scrape(tls(byName.cert(), null, "metrics.panoptes.test", null, null));

        assertThat(loop.lastError()).isEmpty();
        assertThat(values("jobs_total")).containsExactly(42.0);
    }

    @Test
    void theClientCertificateIsPresentedWhenTheTargetRequiresOne() {
        serve(byAddress, b -> b.tlsCustomizer(ssl -> ssl.clientAuth(ClientAuth.REQUIRE).trustManager(byName.cert().toFile())));
        ScrapeLoop without = scrape(tls(byAddress.cert(), null, null, null, null));
        assertThat(without.lastError()).isNotEmpty();

        ScrapeLoop with = scrape(tls(byAddress.cert(), byName, null, null, null));
        assertThat(with.lastError()).isEmpty();
        assertThat(values("jobs_total")).containsExactly(42.0);
    }

    @Test
    void minVersionRefusesATargetSpeakingOnlyOlderTls() {
        serve(byAddress, b -> b.tlsCustomizer(ssl -> ssl.protocols("TLSv1.2")));
        ScrapeLoop tls13 = scrape(tls(byAddress.cert(), null, null, null, "TLS13"));
        assertThat(tls13.lastError()).isNotEmpty();

        ScrapeLoop tls12 = scrape(tls(byAddress.cert(), null, null, null, "TLS12"));
        assertThat(tls12.lastError()).isEmpty();
    }

    @Test
    void prometheusTlsConfigKeysLoadUnchanged() throws Exception {
        ScrapeConfig config = new YamlConfigLoader().parse("""
                job_name: secure
                scheme: https
                tls_config:
                  ca_file: /etc/prometheus/ca.crt
                  cert_file: /etc/prometheus/client.crt
                  key_file: /etc/prometheus/client.key
                  server_name: metrics.internal
                  insecure_skip_verify: false
                  min_version: TLS13
                """, "job.yml", ScrapeConfig.class);

        assertThat(config.tlsConfig()).isEqualTo(new ScrapeConfig.TlsConfig("/etc/prometheus/ca.crt", null, "/etc/prometheus/client.crt", null,
                "/etc/prometheus/client.key", null, "metrics.internal", false, "TLS13", null));
    }

    @Test
    void badTlsSettingsAreConfigurationErrorsNamingTheKey() {
        assertThatThrownBy(() -> tls(null, null, null, null, "TLS14")).hasMessageContaining("min_version 'TLS14'");
        assertThatThrownBy(() -> ScrapeTls.context(tls(dir.resolve("missing.crt"), null, null, null, null)))
                .hasMessageContaining("ca_file").hasMessageContaining("missing.crt");
        assertThatThrownBy(() -> ScrapeTls.context(tls(byName.key(), null, null, null, null)))
                .hasMessageContaining("no valid PEM certificate");
        assertThatThrownBy(() -> new ScrapeConfig.TlsConfig(null, null, byName.cert().toString(), null, null, null, null, null, null, null))
                .hasMessageContaining("key_file");
    }
}

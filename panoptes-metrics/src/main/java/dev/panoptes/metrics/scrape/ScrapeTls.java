package dev.panoptes.metrics.scrape;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the TLS side of a job's HTTP client from its {@code tls_config}: the trusted CAs (the
 * JDK's roots without {@code ca_file}), the client certificate, the protocol versions, and the
 * check of the target's certificate against {@code server_name} or the target's host. The check
 * is done here rather than by the JDK's endpoint identification because the HTTP client always
 * verifies against the URL's host, while {@code server_name} must be able to name another.
 *
 * <p>Configuration errors (unreadable files, bad PEM, unknown versions) are
 * {@link IllegalArgumentException}s naming the key, so a bad job stops start-up.
 */
final class ScrapeTls {

    private static final Map<String, String> PROTOCOLS = Map.of("TLS10", "TLSv1", "TLS11", "TLSv1.1", "TLS12", "TLSv1.2", "TLS13", "TLSv1.3");
    private static final List<String> ORDER = List.of("TLS10", "TLS11", "TLS12", "TLS13");

    private ScrapeTls() {
    }

    /** The JDK protocol name of a Prometheus version name; fails naming {@code key}. */
    static String protocol(String version, String key) {
        String protocol = PROTOCOLS.get(version);
        if (protocol == null) {
            throw new IllegalArgumentException("tls_config " + key + " '" + version + "' is not one of TLS10, TLS11, TLS12, TLS13");
        }
        return protocol;
    }

    /** An HTTP client for a job with these TLS settings, running its I/O on {@code executor}. */
    static HttpClient client(ScrapeConfig.TlsConfig tls, Executor executor) {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).executor(executor)
                .sslContext(context(tls)).sslParameters(parameters(tls)).build();
    }

    static SSLContext context(ScrapeConfig.TlsConfig tls) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManagerFactory keys = null;
            if (tls.certFile() != null || tls.cert() != null) {
                List<X509Certificate> chain = certificates(pem(tls.certFile(), tls.cert(), "cert"), "cert");
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("client", PemKeys.privateKey(pem(tls.keyFile(), tls.key(), "key")), new char[0],
                        chain.toArray(new X509Certificate[0]));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, new char[0]);
            }
            TrustManager trust = tls.insecureSkipVerify() ? new TrustingAll() : new VerifyingTrustManager(roots(tls), tls.serverName());
            context.init(keys == null ? null : keys.getKeyManagers(), new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("tls_config cannot be used: " + e.getMessage(), e);
        }
    }

    /** Protocol versions from min_version to max_version, and the SNI name for IP-addressed targets. */
    static SSLParameters parameters(ScrapeConfig.TlsConfig tls) {
        int min = ORDER.indexOf(tls.minVersion());
        int max = tls.maxVersion() == null || tls.maxVersion().isEmpty() ? ORDER.size() - 1 : ORDER.indexOf(tls.maxVersion());
        if (max < min) {
            throw new IllegalArgumentException("tls_config max_version " + tls.maxVersion() + " is below min_version " + tls.minVersion());
        }
        List<String> protocols = new ArrayList<>();
        for (int i = max; i >= min; i--) {
            protocols.add(PROTOCOLS.get(ORDER.get(i)));
        }
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(protocols.toArray(new String[0]));
        if (tls.serverName() != null && !tls.serverName().isEmpty()) {
            parameters.setServerNames(List.of(new SNIHostName(tls.serverName())));
        }
        return parameters;
    }

    private static X509TrustManager roots(ScrapeConfig.TlsConfig tls) throws GeneralSecurityException, IOException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (tls.caFile() == null && tls.ca() == null) {
            factory.init((KeyStore) null);
        } else {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate certificate : certificates(pem(tls.caFile(), tls.ca(), "ca"), "ca")) {
                store.setCertificateEntry("ca" + i++, certificate);
            }
            factory.init(store);
        }
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    /** PEM text from {@code <key>_file} or inline {@code <key>}. */
    private static String pem(String file, String inline, String key) {
        if (inline != null) {
            return inline;
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("tls_config " + key + "_file '" + file + "' cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(String pem, String key) {
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                certificates.add((X509Certificate) c);
            }
            if (certificates.isEmpty()) {
                throw new CertificateException("no certificate found");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("tls_config " + key + " holds no valid PEM certificate: " + e.getMessage(), e);
        }
    }

    /** A trust manager for the client side of TLS: it never accepts client certificates. */
    private abstract static class ServerTrust extends X509ExtendedTrustManager {
        @Override
        public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a scraper does not accept client certificates");
        }

        @Override
        public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a scraper does not accept client certificates");
        }

        @Override
        public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a scraper does not accept client certificates");
        }
    }

    /** Validates the chain against the roots, then the leaf against the expected host name. */
    private static final class VerifyingTrustManager extends ServerTrust {
        private final X509TrustManager roots;
        private final String serverName;

        VerifyingTrustManager(X509TrustManager roots, String serverName) {
            this.roots = roots;
            this.serverName = serverName == null || serverName.isEmpty() ? null : serverName;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            roots.checkServerTrusted(chain, authType);
            HostnameVerification.verify(chain[0], serverName != null ? serverName : engine.getPeerHost());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            roots.checkServerTrusted(chain, authType);
            HostnameVerification.verify(chain[0], serverName != null ? serverName : socket.getInetAddress().getHostAddress());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            roots.checkServerTrusted(chain, authType);
            if (serverName != null) {
                HostnameVerification.verify(chain[0], serverName);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return roots.getAcceptedIssuers();
        }
    }

    /** insecure_skip_verify: any certificate, any name. */
    private static final class TrustingAll extends ServerTrust {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

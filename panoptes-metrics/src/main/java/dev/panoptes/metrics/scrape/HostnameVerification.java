package dev.panoptes.metrics.scrape;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks that a server certificate names the host the scraper expects, by its subject alternative
 * names only (DNS names with a wildcard allowed as the whole leftmost label, IP addresses), as
 * current TLS clients do; the subject's common name is not consulted.
 */
final class HostnameVerification {

    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostnameVerification() {
    }

    static void verify(X509Certificate certificate, String host) throws CertificateException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ip = IPV4.matcher(name).matches() || name.contains(":");
        List<String> names = new ArrayList<>();
        Collection<List<?>> alternatives = alternativeNames(certificate);
        for (List<?> entry : alternatives) {
            int type = (Integer) entry.get(0);
            String value = (String) entry.get(1);
            names.add(value);
            if (ip && type == IP_ADDRESS && sameAddress(name, value) || !ip && type == DNS_NAME && dnsMatches(name, value)) {
                return;
            }
        }
        throw new CertificateException("the certificate is valid for " + (names.isEmpty() ? "no subject alternative names" : names)
                + ", not for " + name + (ip ? "" : " (set tls_config server_name to the name it carries)"));
    }

    private static Collection<List<?>> alternativeNames(X509Certificate certificate) throws CertificateParsingException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        return names == null ? List.of() : names;
    }

    private static boolean sameAddress(String a, String b) {
        try {
            // Both are literals, so no name is looked up.
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean dnsMatches(String host, String pattern) {
        String h = trimDot(host.toLowerCase(Locale.ROOT));
        String p = trimDot(pattern.toLowerCase(Locale.ROOT));
        if (!p.startsWith("*.")) {
            return h.equals(p);
        }
        int dot = h.indexOf('.');
        return dot > 0 && h.substring(dot).equals(p.substring(1));
    }

    private static String trimDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}

package dev.panoptes.metrics.scrape;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a PEM private key as {@code key_file} holds it: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 RSA
 * ({@code RSA PRIVATE KEY}) or SEC1 EC ({@code EC PRIVATE KEY}), the forms OpenSSL and Go write.
 * The last two are wrapped into PKCS#8, the only encoding the JDK's key factories read.
 */
final class PemKeys {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private PemKeys() {
    }

    static PrivateKey privateKey(String pem) {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            if (!type.endsWith("PRIVATE KEY")) {
                continue;
            }
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            return switch (type) {
                case "PRIVATE KEY" -> pkcs8(der, "RSA", "EC", "Ed25519", "Ed448");
                case "RSA PRIVATE KEY" -> pkcs8(sequence(concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, tlv(0x04, der))), "RSA");
                case "EC PRIVATE KEY" -> pkcs8(sequence(concat(new byte[] {0x02, 0x01, 0x00},
                        sequence(concat(EC_PUBLIC_KEY_OID, sec1Curve(der))), tlv(0x04, der))), "EC");
                default -> throw new IllegalArgumentException("tls_config key: a " + type + " is not supported (use an unencrypted key)");
            };
        }
        throw new IllegalArgumentException("tls_config key holds no PEM private key");
    }

    private static PrivateKey pkcs8(byte[] der, String... algorithms) {
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // Not this algorithm; try the next.
            }
        }
        throw new IllegalArgumentException("tls_config key is not a valid " + String.join(", ", algorithms) + " private key");
    }

    /** The named-curve OID (tag, length and value) in a SEC1 ECPrivateKey's [0] parameters. */
    private static byte[] sec1Curve(byte[] der) {
        int[] pos = {0};
        expect(der, pos, 0x30);
        int end = length(der, pos) + pos[0];
        while (pos[0] < end) {
            int tag = der[pos[0]++] & 0xff;
            int length = length(der, pos);
            if (tag == 0xa0) {
                int start = pos[0];
                expect(der, pos, 0x06);
                int oidLength = length(der, pos);
                return Arrays.copyOfRange(der, start, pos[0] + oidLength);
            }
            pos[0] += length;
        }
        throw new IllegalArgumentException("tls_config key: the EC private key does not name its curve");
    }

    private static void expect(byte[] der, int[] pos, int tag) {
        if (pos[0] >= der.length || (der[pos[0]++] & 0xff) != tag) {
            throw new IllegalArgumentException("tls_config key: malformed EC private key");
        }
    }

    private static int length(byte[] der, int[] pos) {
        if (pos[0] >= der.length) {
            throw new IllegalArgumentException("tls_config key: malformed EC private key");
        }
        int first = der[pos[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = length << 8 | der[pos[0]++] & 0xff;
        }
        return length;
    }

    private static byte[] sequence(byte[] content) {
        return tlv(0x30, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

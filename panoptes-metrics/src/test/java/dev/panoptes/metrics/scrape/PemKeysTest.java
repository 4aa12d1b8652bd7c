package dev.panoptes.metrics.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PemKeysTest {

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void readsPkcs8AndPkcs1RsaKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey key = generator.generateKeyPair().getPrivate();
        byte[] pkcs8 = key.getEncoded();
        // PKCS#8 wraps the PKCS#1 key as the last element, an OCTET STRING with a two-byte length here.
        int at = pkcs8.length - 1;
        while (!(pkcs8[at - 3] == 0x04 && pkcs8[at - 2] == (byte) 0x82 && ((pkcs8[at - 1] & 0xff) << 8 | pkcs8[at] & 0xff) == pkcs8.length - at - 1)) {
            at--;
        }
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, at + 1, pkcs8.length);

        assertThat(PemKeys.privateKey(pem("PRIVATE KEY", pkcs8))).isEqualTo(key);
        assertThat(PemKeys.privateKey(pem("RSA PRIVATE KEY", pkcs1))).isEqualTo(key);
    }

    @Test
    void readsSec1EcKeysNamingTheirCurve() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        ECPrivateKey key = (ECPrivateKey) generator.generateKeyPair().getPrivate();
        byte[] s = key.getS().toByteArray();
        byte[] scalar = new byte[32];
        System.arraycopy(s, Math.max(0, s.length - 32), scalar, Math.max(0, 32 - s.length), Math.min(32, s.length));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x01, 0x04, 0x20});
        body.writeBytes(scalar);
        body.writeBytes(new byte[] {(byte) 0xa0, 0x0a, 0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07});
        byte[] content = body.toByteArray();
        ByteArrayOutputStream sec1 = new ByteArrayOutputStream();
        sec1.write(0x30);
        sec1.write(content.length);
        sec1.writeBytes(content);

        PrivateKey read = PemKeys.privateKey("-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + pem("EC PRIVATE KEY", sec1.toByteArray()));
        assertThat(((ECPrivateKey) read).getS()).isEqualTo(key.getS());
    }

    @Test
    void encryptedOrMissingKeysAreConfigurationErrors() {
        assertThatThrownBy(() -> PemKeys.privateKey(pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3})))
                .hasMessageContaining("ENCRYPTED PRIVATE KEY is not supported");
        assertThatThrownBy(() -> PemKeys.privateKey("not a key")).hasMessageContaining("no PEM private key");
        assertThatThrownBy(() -> PemKeys.privateKey(pem("PRIVATE KEY", new byte[] {0x30, 0x00}))).hasMessageContaining("not a valid");
    }
}

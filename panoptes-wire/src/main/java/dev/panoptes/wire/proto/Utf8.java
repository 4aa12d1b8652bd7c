package dev.panoptes.wire.proto;

/** UTF-8 validation without decoding: rejects overlong forms, surrogates and code points past U+10FFFF. */
public final class Utf8 {

    private Utf8() {
    }

    public static boolean isValid(byte[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            if ((c & 0xE0) == 0xC0) {
                n = 1;
                min = 0x80;
                c &= 0x1F;
            } else if ((c & 0xF0) == 0xE0) {
                n = 2;
                min = 0x800;
                c &= 0x0F;
            } else if ((c & 0xF8) == 0xF0) {
                n = 3;
                min = 0x10000;
                c &= 0x07;
            } else {
                return false;
            }
            if (i + n >= end) {
                return false;
            }
            for (int k = 1; k <= n; k++) {
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return false;
                }
                c = c << 6 | (cc & 0x3F);
            }
            if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
                return false;
            }
            i += n + 1;
        }
        return true;
    }
}

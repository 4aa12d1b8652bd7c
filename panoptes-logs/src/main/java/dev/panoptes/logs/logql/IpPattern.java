package dev.panoptes.logs.logql;

/**
 * The address pattern of {@code ip("...")} in line and label filters, as Loki reads it: one
 * address ({@code 192.168.0.1}, {@code ::1}), a CIDR prefix ({@code 10.0.0.0/8}) or an inclusive
 * range {@code a-b} of one family. IPv4 and IPv6 addresses are different families
 * ({@code ::ffff:1.2.3.4} is not {@code 1.2.3.4}), as in Go's {@code netip}.
 *
 * <p>{@link #matchesIn} finds addresses in text the way Loki does: at each position that looks
 * like the start of an address (a digit followed by a dot within three characters, or hex digits
 * followed by a colon), it reads the longest run of address characters and tests it.
 *
 * <p>Immutable and thread-safe.
 */
final class IpPattern {

    private static final String V4_CHARS = "0123456789.";
    private static final String V6_CHARS = "0123456789abcdefABCDEF:.";

    private final boolean v4;
    private final long fromHi;
    private final long fromLo;
    private final long toHi;
    private final long toLo;

    private IpPattern(boolean v4, long fromHi, long fromLo, long toHi, long toLo) {
        this.v4 = v4;
        this.fromHi = fromHi;
        this.fromLo = fromLo;
        this.toHi = toHi;
        this.toLo = toLo;
    }

    /**
     * Reads a pattern.
     *
     * @throws IllegalArgumentException {@code ip: invalid pattern: "..."}, as Loki words it
     */
    static IpPattern parse(String pattern) {
        long[] a = new long[3];
        if (address(pattern, a)) {
            return new IpPattern(a[2] == 4, a[0], a[1], a[0], a[1]);
        }
        int slash = pattern.indexOf('/');
        if (slash > 0) {
            String bits = pattern.substring(slash + 1);
            if (address(pattern.substring(0, slash), a) && pattern.indexOf('%') < 0 && bits.matches("0|[1-9][0-9]{0,2}")) {
                int width = a[2] == 4 ? 32 : 128;
                int n = Integer.parseInt(bits);
                if (n <= width) {
                    long[] lowHigh = maskRange(a[0], a[1], a[2] == 4 ? n + 96 : n);
                    return new IpPattern(a[2] == 4, lowHigh[0], lowHigh[1], lowHigh[2], lowHigh[3]);
                }
            }
        }
        int dash = pattern.indexOf('-');
        if (dash > 0) {
            long[] b = new long[3];
            if (address(pattern.substring(0, dash), a) && address(pattern.substring(dash + 1), b) && a[2] == b[2]
                    && pattern.indexOf('%') < 0 && compare(a[0], a[1], b[0], b[1]) <= 0) {
                return new IpPattern(a[2] == 4, a[0], a[1], b[0], b[1]);
            }
        }
        throw new IllegalArgumentException("ip: invalid pattern: \"" + pattern + "\"");
    }

    /** Whether {@code text} contains an address within this pattern. */
    boolean matchesIn(String text) {
        int n = text.length();
        long[] a = new long[3];
        for (int i = 0; i < n; i++) {
            String charset;
            if (i + 3 < n && ipv4Hint(text, i)) {
                charset = V4_CHARS;
            } else if (ipv6Hint(text, i)) {
                charset = V6_CHARS;
            } else {
                continue;
            }
            int end = i;
            while (end < n && charset.indexOf(text.charAt(end)) >= 0) {
                end++;
            }
            if (address(text.substring(i, end), a) && contains(a)) {
                return true;
            }
            i = end;
        }
        return false;
    }

    private boolean contains(long[] a) {
        return (a[2] == 4) == v4 && compare(a[0], a[1], fromHi, fromLo) >= 0 && compare(a[0], a[1], toHi, toLo) <= 0;
    }

    private static boolean ipv4Hint(String s, int i) {
        return isDigit(s.charAt(i)) && (s.charAt(i + 1) == '.' || s.charAt(i + 2) == '.' || s.charAt(i + 3) == '.');
    }

    private static boolean ipv6Hint(String s, int i) {
        char c0 = at(s, i);
        if (c0 == ':' && at(s, i + 1) == ':' && isHex(at(s, i + 2))) {
            return true;
        }
        for (int k = 1; k <= 4; k++) {
            if (!isHex(at(s, i + k - 1))) {
                return false;
            }
            if (at(s, i + k) == ':') {
                return true;
            }
        }
        return false;
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int compare(long hi1, long lo1, long hi2, long lo2) {
        int c = Long.compareUnsigned(hi1, hi2);
        return c != 0 ? c : Long.compareUnsigned(lo1, lo2);
    }

    /** The first and last address of the prefix of {@code bits} (of 128) bits around hi:lo. */
    private static long[] maskRange(long hi, long lo, int bits) {
        long hiMask = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
        long loMask = bits <= 64 ? 0 : bits >= 128 ? -1L : -1L << (128 - bits);
        return new long[] {hi & hiMask, lo & loMask, hi | ~hiMask, lo | ~loMask};
    }

    /**
     * Reads one address into {@code out}: {high 64 bits, low 64 bits, family 4 or 6}; an IPv4
     * address sits in the low bits as {@code ::ffff:a.b.c.d} does, and compares within its family only.
     */
    static boolean address(String s, long[] out) {
        if (s.indexOf(':') < 0) {
            long v = ipv4(s, 0, s.length());
            if (v < 0) {
                return false;
            }
            out[0] = 0;
            out[1] = 0xffff00000000L | v;
            out[2] = 4;
            return true;
        }
        int zone = s.indexOf('%');
        String body = zone >= 0 ? s.substring(0, zone) : s;
        if (zone >= 0 && zone == s.length() - 1) {
            return false;
        }
        return ipv6(body, out);
    }

    private static long ipv4(String s, int from, int to) {
        long value = 0;
        int parts = 0;
        int i = from;
        while (parts < 4) {
            int start = i;
            int octet = 0;
            while (i < to && isDigit(s.charAt(i)) && i - start < 3) {
                octet = octet * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || octet > 255 || (i - start > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            value = (value << 8) | octet;
            parts++;
            if (parts < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == to ? value : -1;
    }

    private static boolean ipv6(String s, long[] out) {
        int[] groups = new int[8];
        int count = 0;
        int ellipsis = -1;
        int i = 0;
        int n = s.length();
        if (s.startsWith("::")) {
            ellipsis = 0;
            i = 2;
            if (i == n) {
                out[0] = 0;
                out[1] = 0;
                out[2] = 6;
                return true;
            }
        }
        while (i < n && count < 8) {
            int start = i;
            int value = 0;
            while (i < n && isHex(s.charAt(i)) && i - start < 4) {
                value = value * 16 + Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                if (count > 6) {
                    return false;
                }
                long v4 = ipv4(s, start, n);
                if (v4 < 0) {
                    return false;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                i = n;
                break;
            }
            if (i == start || (i < n && isHex(s.charAt(i)))) {
                return false;
            }
            groups[count++] = value;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (ellipsis >= 0) {
                    return false;
                }
                ellipsis = count;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return false;
            }
        }
        if (i != n) {
            return false;
        }
        if (ellipsis < 0 ? count != 8 : count > 7) {
            return false;
        }
        if (ellipsis >= 0) {
            int missing = 8 - count;
            System.arraycopy(groups, ellipsis, groups, ellipsis + missing, count - ellipsis);
            for (int k = ellipsis; k < ellipsis + missing; k++) {
                groups[k] = 0;
            }
        }
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < 4; k++) {
            hi = (hi << 16) | groups[k];
            lo = (lo << 16) | groups[k + 4];
        }
        out[0] = hi;
        out[1] = lo;
        out[2] = 6;
        return true;
    }
}

package dev.panoptes.core.tenant;

/**
 * The identifier of a tenant: whose data a request reads or writes.
 *
 * <p>Every stored byte belongs to exactly one tenant, and a tenant id names a directory under the
 * data directory, so the accepted alphabet is the one Mimir, Loki and Tempo accept for
 * {@code X-Scope-OrgID} and nothing that could escape a directory: ASCII letters and digits and
 * {@code ! - _ . * ' ( )}, at most {@value #MAX_LENGTH} characters, and neither {@code .} nor
 * {@code ..}. An instance is always valid; construct it through {@link #of(String)}.
 */
public record TenantId(String value) {

    /** Longest accepted tenant id, the same bound Mimir and Loki apply. */
    public static final int MAX_LENGTH = 150;

    public TenantId {
        String problem = problemWith(value);
        if (problem != null) {
            throw new InvalidTenantException(problem);
        }
    }

    /** Parses and validates a tenant id, as sent in the {@code X-Scope-OrgID} header. */
    public static TenantId of(String value) {
        return new TenantId(value);
    }

    /**
     * Returns why {@code value} is not a valid tenant id, or {@code null} when it is. The message
     * names the offending character and its position so that a client can fix its configuration.
     */
    public static String problemWith(String value) {
        if (value == null || value.isEmpty()) {
            return "tenant ID is empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "tenant ID is too long: " + value.length() + " characters, at most " + MAX_LENGTH + " allowed";
        }
        if (value.equals(".") || value.equals("..")) {
            return "tenant ID '" + value + "' is not allowed";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isAllowed(c)) {
                return "tenant ID '" + printable(value) + "' contains unsupported character '" + printable(String.valueOf(c))
                        + "' at position " + (i + 1)
                        + ": only letters, digits and ! - _ . * ' ( ) are allowed";
            }
        }
        return null;
    }

    private static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '!' || c == '-' || c == '_' || c == '.' || c == '*' || c == '\'' || c == '(' || c == ')';
    }

    /** Escapes control characters so that an error message cannot forge log lines. */
    private static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return value;
    }
}

package dev.panoptes.metrics.promql.parser;

/** PromQL number literals: decimal, exponent, hexadecimal, {@code Inf} and {@code NaN}. */
final class NumberText {

    private NumberText() {
    }

    static double parse(String text) {
        String t = text.replace("_", "");
        if (t.equalsIgnoreCase("inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (t.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (t.length() > 2 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'X')) {
            return new java.math.BigInteger(t.substring(2), 16).doubleValue();
        }
        if (t.length() > 1 && t.charAt(0) == '0' && allDigits(t)) {
            // Go's ParseFloat reads a leading zero as decimal, not octal.
            return Double.parseDouble(t);
        }
        return Double.parseDouble(t);
    }

    private static boolean allDigits(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (!Character.isDigit(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}

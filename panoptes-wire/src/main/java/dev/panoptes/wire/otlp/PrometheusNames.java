package dev.panoptes.wire.otlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prometheus names for OTLP metric and attribute names: characters outside
 * {@code [a-zA-Z0-9_:]} become underscores, the unit becomes a suffix ({@code s} →
 * {@code _seconds}, {@code By/s} → {@code _bytes_per_second}; annotations in braces dropped),
 * monotonic sums end in {@code _total} and gauges of unit {@code 1} in {@code _ratio}.
 */
final class PrometheusNames {

    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("d", "days"), Map.entry("h", "hours"), Map.entry("min", "minutes"), Map.entry("s", "seconds"),
            Map.entry("ms", "milliseconds"), Map.entry("us", "microseconds"), Map.entry("ns", "nanoseconds"),
            Map.entry("By", "bytes"), Map.entry("KiBy", "kibibytes"), Map.entry("MiBy", "mebibytes"), Map.entry("GiBy", "gibibytes"),
            Map.entry("TiBy", "tibibytes"), Map.entry("KBy", "kilobytes"), Map.entry("MBy", "megabytes"), Map.entry("GBy", "gigabytes"),
            Map.entry("TBy", "terabytes"), Map.entry("m", "meters"), Map.entry("V", "volts"), Map.entry("A", "amperes"),
            Map.entry("J", "joules"), Map.entry("W", "watts"), Map.entry("g", "grams"), Map.entry("Cel", "celsius"),
            Map.entry("Hz", "hertz"), Map.entry("%", "percent"));
    private static final Map<String, String> PER_UNITS = Map.of("s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week",
            "mo", "month", "y", "year");

    private PrometheusNames() {
    }

    /** The Prometheus unit word(s) of an OTLP unit, or "" when there is none. */
    static String unit(String unit) {
        String clean = unit.replaceAll("\\{[^}]*}", "").trim();
        if (clean.isEmpty() || clean.equals("1")) {
            return "";
        }
        int slash = clean.indexOf('/');
        String main = slash < 0 ? clean : clean.substring(0, slash);
        String per = slash < 0 ? "" : clean.substring(slash + 1);
        String mainWord = main.isEmpty() ? "" : UNITS.getOrDefault(main, main);
        String perWord = per.isEmpty() ? "" : PER_UNITS.getOrDefault(per, per);
        String joined = mainWord.isEmpty() ? (perWord.isEmpty() ? "" : "per_" + perWord) : mainWord + (perWord.isEmpty() ? "" : "_per_" + perWord);
        return String.join("_", tokens(joined));
    }

    /** The metric name for a metric of this name, unit and kind. */
    static String metric(String name, String unit, boolean monotonicCounter, boolean gauge) {
        List<String> tokens = tokens(name);
        String unitWord = unit(unit);
        if (!unitWord.isEmpty()) {
            List<String> unitTokens = tokens(unitWord);
            if (!containsSequence(tokens, unitTokens)) {
                if (monotonicCounter && !tokens.isEmpty() && tokens.get(tokens.size() - 1).equals("total")) {
                    tokens.remove(tokens.size() - 1);
                }
                tokens.addAll(unitTokens);
            }
        }
        if (monotonicCounter) {
            if (tokens.isEmpty() || !tokens.get(tokens.size() - 1).equals("total")) {
                tokens.remove("total");
                tokens.add("total");
            }
        }
        if (gauge && unit.trim().equals("1") && (tokens.isEmpty() || !tokens.get(tokens.size() - 1).equals("ratio"))) {
            tokens.add("ratio");
        }
        String result = String.join("_", tokens);
        if (result.isEmpty()) {
            return "_";
        }
        return Character.isDigit(result.charAt(0)) ? "_" + result : result;
    }

    /** A valid label name for an attribute key. */
    static String label(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            out.append(ok ? c : '_');
        }
        if (out.isEmpty()) {
            return "key_";
        }
        if (Character.isDigit(out.charAt(0))) {
            out.insert(0, "key_");
        }
        return out.toString();
    }

    private static List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c) && c < 128 || c == ':') {
                current.append(c);
            } else if (!current.isEmpty()) {
                tokens.add(current.toString());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    private static boolean containsSequence(List<String> tokens, List<String> sequence) {
        for (int i = 0; i + sequence.size() <= tokens.size(); i++) {
            if (tokens.subList(i, i + sequence.size()).equals(sequence)) {
                return true;
            }
        }
        return false;
    }
}

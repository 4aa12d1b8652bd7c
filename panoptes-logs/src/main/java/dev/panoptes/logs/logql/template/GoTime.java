package dev.panoptes.logs.logql.template;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Go's reference-time layouts ({@code 2006-01-02T15:04:05Z07:00}) for the date functions:
 * formatting and parsing with the layout elements Go documents (years, months by number and
 * name, days, hours in 24 and 12 hour form, minutes, seconds, fractions {@code .000} and
 * {@code .999}, AM/PM, weekday names, zone names and offsets). Stateless.
 */
final class GoTime {

    private static final String[] TOKENS = {
        "January", "Monday", "2006", "-07:00:00", "Z07:00:00", "-07:00", "Z07:00", "-0700", "Z0700", "-07", "Z07",
        "Jan", "Mon", "MST", "002", "_2", "01", "02", "03", "04", "05", "06", "15", "PM", "pm", "1", "2", "3", "4", "5",
    };

    private GoTime() {
    }

    static String format(ZonedDateTime t, String layout) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < layout.length()) {
            int fraction = fraction(layout, i);
            if (fraction > 0) {
                char kind = layout.charAt(i + 1);
                String digits = String.format("%09d", t.getNano()).substring(0, fraction - 1);
                if (kind == '9') {
                    digits = digits.replaceAll("0+$", "");
                    if (!digits.isEmpty()) {
                        out.append('.').append(digits);
                    }
                } else {
                    out.append(layout.charAt(i)).append(digits);
                }
                i += fraction;
                continue;
            }
            String token = token(layout, i);
            if (token == null) {
                out.append(layout.charAt(i++));
                continue;
            }
            out.append(element(t, token));
            i += token.length();
        }
        return out.toString();
    }

    private static String element(ZonedDateTime t, String token) {
        int offset = t.getOffset().getTotalSeconds();
        return switch (token) {
            case "2006" -> String.format("%04d", t.getYear());
            case "06" -> String.format("%02d", t.getYear() % 100);
            case "01" -> String.format("%02d", t.getMonthValue());
            case "1" -> Integer.toString(t.getMonthValue());
            case "Jan" -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case "January" -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case "02" -> String.format("%02d", t.getDayOfMonth());
            case "2" -> Integer.toString(t.getDayOfMonth());
            case "_2" -> String.format("%2d", t.getDayOfMonth());
            case "002" -> String.format("%03d", t.getDayOfYear());
            case "15" -> String.format("%02d", t.getHour());
            case "03" -> String.format("%02d", hour12(t));
            case "3" -> Integer.toString(hour12(t));
            case "04" -> String.format("%02d", t.getMinute());
            case "4" -> Integer.toString(t.getMinute());
            case "05" -> String.format("%02d", t.getSecond());
            case "5" -> Integer.toString(t.getSecond());
            case "PM" -> t.getHour() >= 12 ? "PM" : "AM";
            case "pm" -> t.getHour() >= 12 ? "pm" : "am";
            case "Mon" -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case "Monday" -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case "MST" -> zoneName(t);
            default -> offset(offset, token);
        };
    }

    private static int hour12(ZonedDateTime t) {
        int h = t.getHour() % 12;
        return h == 0 ? 12 : h;
    }

    private static String zoneName(ZonedDateTime t) {
        if (t.getZone() instanceof ZoneOffset o) {
            if (o.getTotalSeconds() == 0) {
                return "UTC";
            }
            return offset(o.getTotalSeconds(), "-0700");
        }
        return t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }

    private static String offset(int seconds, String token) {
        if (seconds == 0 && token.startsWith("Z")) {
            return "Z";
        }
        String sign = seconds < 0 ? "-" : "+";
        int abs = Math.abs(seconds);
        String hh = String.format("%02d", abs / 3600);
        String mm = String.format("%02d", abs / 60 % 60);
        String ss = String.format("%02d", abs % 60);
        String body = token.substring(1);
        return sign + switch (body) {
            case "07:00:00" -> hh + ":" + mm + ":" + ss;
            case "07:00" -> hh + ":" + mm;
            case "0700" -> hh + mm;
            default -> hh;
        };
    }

    /** The length of a fraction element ({@code .000} or {@code .999}, also with {@code ,}) at {@code i}, or 0. */
    private static int fraction(String layout, int i) {
        if (i + 1 >= layout.length() || (layout.charAt(i) != '.' && layout.charAt(i) != ',')) {
            return 0;
        }
        char d = layout.charAt(i + 1);
        if (d != '0' && d != '9') {
            return 0;
        }
        int j = i + 1;
        while (j < layout.length() && layout.charAt(j) == d) {
            j++;
        }
        if (j < layout.length() && Character.isDigit(layout.charAt(j))) {
            return 0;
        }
        return Math.min(j - i, 10);
    }

    private static String token(String layout, int i) {
        for (String t : TOKENS) {
            if (layout.startsWith(t, i)) {
                if (t.equals("Jan") && layout.startsWith("January", i) || t.equals("Mon") && layout.startsWith("Monday", i)) {
                    continue;
                }
                return t;
            }
        }
        return null;
    }

    /**
     * Parses {@code value} by {@code layout} in {@code zone} (used when the value names no offset).
     *
     * @throws IllegalArgumentException worded as Go's {@code parsing time ...} error
     */
    static ZonedDateTime parse(String layout, String value, ZoneId zone) {
        int[] f = {1, 1, 1, 0, 0, 0, 0};
        Integer offset = null;
        boolean pm = false;
        boolean hasAmPm = false;
        int i = 0;
        int v = 0;
        try {
            while (i < layout.length()) {
                int fraction = fraction(layout, i);
                if (fraction > 0) {
                    if (v < value.length() && (value.charAt(v) == '.' || value.charAt(v) == ',')) {
                        int start = ++v;
                        while (v < value.length() && Character.isDigit(value.charAt(v))) {
                            v++;
                        }
                        String digits = (value.substring(start, v) + "000000000").substring(0, 9);
                        f[6] = Integer.parseInt(digits);
                    } else if (layout.charAt(i + 1) == '0') {
                        throw new IllegalArgumentException();
                    }
                    i += fraction;
                    continue;
                }
                String token = token(layout, i);
                if (token == null) {
                    if (v >= value.length() || value.charAt(v) != layout.charAt(i)) {
                        throw new IllegalArgumentException();
                    }
                    i++;
                    v++;
                    continue;
                }
                i += token.length();
                switch (token) {
                    case "2006" -> { f[0] = Integer.parseInt(value.substring(v, v + 4)); v += 4; }
                    case "06" -> { f[0] = 2000 + Integer.parseInt(value.substring(v, v + 2)); v += 2; f[0] -= f[0] >= 2069 ? 100 : 0; }
                    case "01", "02", "15", "03", "04", "05" -> {
                        int n = Integer.parseInt(value.substring(v, v + 2));
                        v += 2;
                        f[switch (token) { case "01" -> 1; case "02" -> 2; case "04" -> 4; case "05" -> 5; default -> 3; }] = n;
                    }
                    case "1", "2", "_2", "3", "4", "5" -> {
                        if (token.equals("_2") && v < value.length() && value.charAt(v) == ' ') {
                            v++;
                        }
                        int start = v;
                        while (v < value.length() && v - start < 2 && Character.isDigit(value.charAt(v))) {
                            v++;
                        }
                        int n = Integer.parseInt(value.substring(start, v));
                        f[switch (token) { case "1" -> 1; case "4" -> 4; case "5" -> 5; case "3" -> 3; default -> 2; }] = n;
                    }
                    case "Jan", "January" -> {
                        int found = -1;
                        for (java.time.Month m : java.time.Month.values()) {
                            String name = m.getDisplayName(token.equals("Jan") ? TextStyle.SHORT : TextStyle.FULL, Locale.ENGLISH);
                            if (value.regionMatches(true, v, name, 0, name.length())) {
                                found = m.getValue();
                                v += name.length();
                                break;
                            }
                        }
                        if (found < 0) {
                            throw new IllegalArgumentException();
                        }
                        f[1] = found;
                    }
                    case "Mon", "Monday" -> {
                        while (v < value.length() && Character.isLetter(value.charAt(v))) {
                            v++;
                        }
                    }
                    case "PM", "pm" -> {
                        hasAmPm = true;
                        pm = value.regionMatches(true, v, "PM", 0, 2);
                        v += 2;
                    }
                    case "MST" -> {
                        int start = v;
                        while (v < value.length() && Character.isUpperCase(value.charAt(v))) {
                            v++;
                        }
                        if (value.substring(start, v).equals("UTC") || value.substring(start, v).equals("GMT")) {
                            offset = 0;
                        }
                    }
                    default -> {
                        if (token.startsWith("Z") && v < value.length() && value.charAt(v) == 'Z') {
                            v++;
                            offset = 0;
                            break;
                        }
                        int sign = value.charAt(v) == '-' ? -1 : value.charAt(v) == '+' ? 1 : 0;
                        if (sign == 0) {
                            throw new IllegalArgumentException();
                        }
                        v++;
                        int hh = Integer.parseInt(value.substring(v, v + 2));
                        v += 2;
                        int mm = 0;
                        if (token.contains(":") && v < value.length() && value.charAt(v) == ':') {
                            v++;
                        }
                        if (!token.endsWith("07")) {
                            mm = Integer.parseInt(value.substring(v, v + 2));
                            v += 2;
                        }
                        offset = sign * (hh * 3600 + mm * 60);
                    }
                }
            }
            if (v != value.length()) {
                throw new IllegalArgumentException();
            }
            if (hasAmPm) {
                f[3] = f[3] % 12 + (pm ? 12 : 0);
            }
            ZoneId at = offset == null ? zone : ZoneOffset.ofTotalSeconds(offset);
            return ZonedDateTime.of(f[0], f[1], f[2], f[3], f[4], f[5], f[6], at);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("parsing time " + GoFormat.quote(value) + " as " + GoFormat.quote(layout)
                    + ": cannot parse " + GoFormat.quote(v <= value.length() ? value.substring(v) : "") + " as "
                    + GoFormat.quote(i < layout.length() ? layout.substring(i) : ""));
        }
    }

    static ZoneId zone(String name) {
        try {
            return name.equals("UTC") || name.isEmpty() ? ZoneOffset.UTC : ZoneId.of(name);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}

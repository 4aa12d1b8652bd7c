package dev.panoptes.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A number of bytes as configuration files write it, in Prometheus' notation: an integer and a
 * unit among {@code B, KB, MB, GB, TB, PB} (powers of 1024; {@code KiB}-style names are accepted
 * too), for example {@code 512MB} or {@code 10GB}. A bare integer is bytes.
 */
public record ByteSize(long bytes) {

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative");
        }
    }

    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

    /** A bare number in a configuration file: bytes. */
    @JsonCreator
    public static ByteSize of(long bytes) {
        return new ByteSize(bytes);
    }

    @JsonCreator
    public static ByteSize parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT).replace("IB", "B");
        int split = 0;
        while (split < s.length() && Character.isDigit(s.charAt(split))) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a size: write a whole number and a unit, for example 512MB or 10GB");
        }
        long number;
        try {
            number = Long.parseLong(s.substring(0, split));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
        String unit = s.substring(split).trim();
        if (unit.isEmpty()) {
            return new ByteSize(number);
        }
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                long multiplier = 1L << (10 * i);
                if (number > Long.MAX_VALUE / multiplier) {
                    throw new IllegalArgumentException("'" + text + "' is too large a size");
                }
                return new ByteSize(number * multiplier);
            }
        }
        throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + unit + "': use B, KB, MB, GB, TB or PB");
    }

    @JsonValue
    @Override
    public String toString() {
        for (int i = UNITS.length - 1; i > 0; i--) {
            long multiplier = 1L << (10 * i);
            if (bytes >= multiplier && bytes % multiplier == 0) {
                return bytes / multiplier + UNITS[i];
            }
        }
        return bytes + "B";
    }
}

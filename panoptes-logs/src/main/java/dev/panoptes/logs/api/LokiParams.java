package dev.panoptes.logs.api;

import com.linecorp.armeria.common.QueryParams;
import dev.panoptes.core.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The parameters of a query request (the URL's query string, or the form body of a POST), read
 * as Loki reads them. Times are nanoseconds since the epoch.
 *
 * <p>Not thread-safe: one per request.
 */
final class LokiParams {

    private final QueryParams params;

    LokiParams(QueryParams params) {
        this.params = params;
    }

    /** The clock's time in nanoseconds since the epoch. */
    static long now(java.time.Clock clock) {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    String get(String name) {
        String value = params.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    List<String> all(String name) {
        return params.getAll(name);
    }

    /**
     * A time as Loki accepts it: a number with a fraction is seconds; an integer of up to ten
     * digits is seconds, a longer one nanoseconds; anything else RFC3339 (with optional fraction).
     */
    long time(String name, long fallback) throws LokiApiException {
        String value = get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return parseTime(value);
        } catch (IllegalArgumentException e) {
            throw LokiApiException.badRequest("invalid " + name + " parameter: cannot parse \"" + value
                    + "\" as a timestamp (nanoseconds or seconds since the epoch, or RFC3339)");
        }
    }

    static long parseTime(String value) {
        if (value.contains(".") && !value.contains("-") && !value.contains(":")) {
            double seconds;
            try {
                seconds = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(e);
            }
            if (!Double.isFinite(seconds) || Math.abs(seconds) > 9.2e9) {
                throw new IllegalArgumentException("out of range");
            }
            long whole = (long) Math.floor(seconds);
            long nanos = Math.round((seconds - whole) * 1e9);
            return whole * 1_000_000_000L + nanos;
        }
        try {
            long number = Long.parseLong(value);
            if (value.length() <= 10) {
                return Math.multiplyExact(number, 1_000_000_000L);
            }
            return number;
        } catch (NumberFormatException e) {
            // not a number: RFC3339 below
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(e);
        }
        try {
            Instant instant = OffsetDateTime.parse(value).toInstant();
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A Prometheus-notation duration such as {@code 1h}, in nanoseconds. */
    long duration(String name, Duration fallback) throws LokiApiException {
        String value = get(name);
        if (value == null) {
            return fallback.toNanos();
        }
        try {
            return Durations.parse(value).toNanos();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw LokiApiException.badRequest("invalid " + name + " parameter: \"" + value + "\" is not a duration such as 1h or 30m");
        }
    }

    /**
     * {@code [start, end]} as Loki's {@code start}, {@code end} and {@code since} give them:
     * {@code end} defaults to {@code now}, {@code start} to {@code since} (or
     * {@code defaultSince}) before {@code end}; an {@code end} before {@code start} is refused.
     */
    long[] bounds(long now, Duration defaultSince) throws LokiApiException {
        long end = time("end", now);
        long start = time("start", end - duration("since", defaultSince));
        if (end < start) {
            throw LokiApiException.badRequest("end timestamp must not be before or equal to start time");
        }
        return new long[] {start, end};
    }

    /**
     * A step as Loki reads it: a float number of seconds or a Prometheus duration, in
     * nanoseconds; {@code fallback} when absent.
     */
    long secondsOrDuration(String name, long fallback) throws LokiApiException {
        String value = get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double seconds = Double.parseDouble(value);
            if (Double.isFinite(seconds) && Math.abs(seconds) < 9.2e9 && !value.matches(".*[a-zA-Z].*")) {
                return Math.round(seconds * 1e9);
            }
        } catch (NumberFormatException e) {
            // a duration such as 5m: read below
        }
        try {
            return Durations.parse(value).toNanos();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw LokiApiException.badRequest("invalid " + name + " parameter: cannot parse \"" + value
                    + "\" to a valid duration (a number of seconds, or a duration such as 5m)");
        }
    }

    /**
     * The {@code step} parameter; absent, Loki's default: the range divided into 250, in whole
     * seconds, at least one second.
     */
    long step(long start, long end) throws LokiApiException {
        return secondsOrDuration("step", Math.max((end - start) / 250 / 1_000_000_000L, 1) * 1_000_000_000L);
    }

    int integer(String name, int fallback) throws LokiApiException {
        String value = get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw LokiApiException.badRequest("invalid " + name + " parameter: \"" + value + "\" is not an integer");
        }
    }
}

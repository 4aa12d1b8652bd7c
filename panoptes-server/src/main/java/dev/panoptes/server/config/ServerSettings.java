package dev.panoptes.server.config;

import java.time.Duration;
import java.util.Locale;

/**
 * The {@code server:} section: where the one HTTP port listens and how the process logs and
 * stops.
 *
 * @param listenAddress the address to bind; loopback by default so that a fresh install is not
 *     reachable from the network
 * @param httpPort the port that serves every API and the UI; 0 picks a free port
 * @param gracefulShutdownTimeout how long in-flight requests may run on after SIGTERM
 * @param logFormat {@code text} for people, {@code json} for log pipelines
 * @param logLevel {@code debug}, {@code info}, {@code warn} or {@code error}
 */
public record ServerSettings(String listenAddress, Integer httpPort, Duration gracefulShutdownTimeout,
                             LogFormat logFormat, String logLevel) {

    public static final String DEFAULT_LISTEN_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_HTTP_PORT = 9090;
    public static final Duration DEFAULT_GRACEFUL_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    public ServerSettings {
        if (listenAddress == null || listenAddress.isBlank()) {
            listenAddress = DEFAULT_LISTEN_ADDRESS;
        }
        if (httpPort == null) {
            httpPort = DEFAULT_HTTP_PORT;
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("http_port " + httpPort + " is not a port number (0-65535)");
        }
        if (gracefulShutdownTimeout == null) {
            gracefulShutdownTimeout = DEFAULT_GRACEFUL_SHUTDOWN_TIMEOUT;
        }
        if (gracefulShutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("graceful_shutdown_timeout must not be negative");
        }
        if (logFormat == null) {
            logFormat = LogFormat.TEXT;
        }
        if (logLevel == null) {
            logLevel = "info";
        }
        logLevel = logLevel.toLowerCase(Locale.ROOT);
        if (!logLevel.matches("trace|debug|info|warn|error")) {
            throw new IllegalArgumentException("log_level '" + logLevel + "' is not one of trace, debug, info, warn, error");
        }
    }

    /** How log lines are written. */
    public enum LogFormat {
        TEXT, JSON;

        @com.fasterxml.jackson.annotation.JsonCreator
        public static LogFormat parse(String text) {
            for (LogFormat format : values()) {
                if (format.name().equalsIgnoreCase(text)) {
                    return format;
                }
            }
            throw new IllegalArgumentException("log_format '" + text + "' is not one of text, json");
        }
    }
}

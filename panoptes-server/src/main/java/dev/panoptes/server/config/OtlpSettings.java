package dev.panoptes.server.config;

/**
 * The {@code otlp:} section: the standard OTLP ports, opened beside the main port so that
 * OpenTelemetry SDKs work with no configuration. OTLP/HTTP is also served on the main port.
 *
 * @param grpcPort OTLP/gRPC (4317 by default); 0 leaves it closed
 * @param httpPort OTLP/HTTP (4318 by default); 0 leaves it closed
 */
public record OtlpSettings(Integer grpcPort, Integer httpPort) {

    public OtlpSettings {
        grpcPort = grpcPort == null ? 4317 : grpcPort;
        httpPort = httpPort == null ? 4318 : httpPort;
        if (grpcPort < 0 || grpcPort > 65535 || httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("otlp ports must be 0 (closed) or a port number");
        }
    }

    /** Both standard ports closed (tests and embedded use). */
    public static OtlpSettings closed() {
        return new OtlpSettings(0, 0);
    }
}

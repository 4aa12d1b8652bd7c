package dev.panoptes.server.config;

import dev.panoptes.wire.otlp.OtlpLogsTranslator;
import java.util.List;

/**
 * The {@code logs.otlp:} section: how OTLP log records become Loki streams, with Loki's key names
 * and defaults.
 *
 * @param defaultResourceAttributesAsIndexLabels resource attributes that become stream labels
 *     (dots and other characters outside letters and digits turned into underscores); the other
 *     resource attributes become structured metadata. Loki's list by default: {@code service.name},
 *     {@code service.namespace}, {@code service.instance.id}, {@code deployment.environment(.name)},
 *     {@code cloud.region}, {@code cloud.availability_zone}, {@code k8s.*.name}, {@code container.name}
 * @param discoverServiceName labels whose value becomes {@code service_name} when a resource has no
 *     {@code service.name} ({@code unknown_service} when none is there); an empty list turns this off
 * @param severityTextAsLabel whether a record's {@code severity_text} is also a stream label (off
 *     by default, as in Loki: it multiplies streams)
 */
public record OtlpLogsSettings(List<String> defaultResourceAttributesAsIndexLabels, List<String> discoverServiceName,
                               Boolean severityTextAsLabel) {

    public OtlpLogsSettings {
        defaultResourceAttributesAsIndexLabels = defaultResourceAttributesAsIndexLabels == null
                ? OtlpLogsTranslator.Options.DEFAULT_INDEX_LABEL_ATTRIBUTES : List.copyOf(defaultResourceAttributesAsIndexLabels);
        discoverServiceName = discoverServiceName == null ? OtlpLogsTranslator.Options.DEFAULT_DISCOVER_SERVICE_NAME : List.copyOf(discoverServiceName);
        severityTextAsLabel = severityTextAsLabel != null && severityTextAsLabel;
    }

    public static OtlpLogsSettings defaults() {
        return new OtlpLogsSettings(null, null, null);
    }

    /** The mapping these settings ask for. */
    public OtlpLogsTranslator.Options options() {
        return new OtlpLogsTranslator.Options(defaultResourceAttributesAsIndexLabels, discoverServiceName, severityTextAsLabel);
    }
}

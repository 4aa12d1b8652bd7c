package dev.panoptes.wire.loki;

import dev.panoptes.core.labels.Labels;
import java.util.List;

/**
 * Loki's {@code discover_service_name}: the {@code service_name} a stream that has none is given,
 * the value of the first listed label it has, else {@code unknown_service}. Grafana's Logs
 * Drilldown lists services by it. Shared by the OTLP mapping and the Loki push checks.
 */
public final class ServiceNames {

    /** The label the service is named by. */
    public static final String LABEL = "service_name";
    /** The service of a stream with none of the listed labels. */
    public static final String UNKNOWN = "unknown_service";
    /** Loki's default list, in its order of preference. */
    public static final List<String> DEFAULT_DISCOVERY = List.of("service", "app", "application", "app_name", "name",
            "app_kubernetes_io_name", "container", "container_name", "k8s_container_name", "component", "workload", "job", "k8s_job_name");

    private ServiceNames() {
    }

    /** The service of {@code stream}: the value of the first of {@code candidates} it has, else {@link #UNKNOWN}. */
    public static String discover(Labels stream, List<String> candidates) {
        for (String candidate : candidates) {
            if (stream.has(candidate)) {
                return stream.get(candidate);
            }
        }
        return UNKNOWN;
    }
}

package dev.panoptes.server.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.panoptes.core.time.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The effective configuration as {@code /api/v1/status/config} and {@code /status/flags} show
 * it: the same keys as the file (snake_case, durations in Prometheus notation), every default
 * filled in, and secrets ({@code password}, {@code credentials}, a tls_config's inline
 * {@code key}) replaced by {@code <secret>} as
 * Prometheus replaces them. Stateless.
 */
public final class ConfigView {

    private static final String SECRET = "<secret>";

    private ConfigView() {
    }

    /** The configuration as YAML. */
    public static String yaml(PanoptesConfig config) {
        try {
            return yamlMapper().writeValueAsString(tree(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every scalar setting under its dotted key path ({@code query.timeout}), lists as YAML flow text. */
    public static Map<String, String> flags(PanoptesConfig config) {
        Map<String, String> flags = new TreeMap<>();
        flatten("", tree(config), flags);
        return flags;
    }

    private static JsonNode tree(PanoptesConfig config) {
        SimpleModule durations = new SimpleModule("configuration-notation");
        durations.addSerializer(Duration.class, new StdSerializer<>(Duration.class) {
            @Override
            public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(Durations.format(value));
            }
        });
        durations.addSerializer(Path.class, new StdSerializer<>(Path.class) {
            @Override
            public void serialize(Path value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.toString());
            }
        });
        // Enumerations are written as the file spells them (wal_sync: always).
        @SuppressWarnings({"rawtypes", "unchecked"})
        StdSerializer<Enum> enums = new StdSerializer<>(Enum.class) {
            @Override
            public void serialize(Enum value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.name().toLowerCase(Locale.ROOT));
            }
        };
        durations.addSerializer(Enum.class, enums);
        ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL).registerModule(durations);
        JsonNode tree = mapper.valueToTree(config);
        redact(tree);
        return tree;
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey();
                if ((name.equals("password") || name.equals("credentials") || name.equals("key")) && !field.getValue().isNull()) {
                    field.setValue(object.textNode(SECRET));
                } else {
                    redact(field.getValue());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                redact(element);
            }
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), out);
            }
        } else if (node.isArray()) {
            out.put(prefix, node.toString());
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }

    private static YAMLMapper yamlMapper() {
        return YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();
    }
}

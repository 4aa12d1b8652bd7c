package dev.panoptes.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.panoptes.core.time.Durations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Reads a YAML configuration file into a record type, strictly: a key the type does not know, a
 * key given twice or a value of the wrong type is a {@link ConfigException} naming the key and its
 * line, because a silently ignored typo is a misconfigured production system.
 *
 * <p>Keys are snake_case (the convention of Prometheus, Loki and Tempo files) and map to the
 * record's camelCase components. Durations are written in Prometheus notation ({@code 15s},
 * {@code 1h30m}). Records fill defaults for absent keys in their compact constructors. Thread-safe.
 */
public final class YamlConfigLoader {

    private final ObjectMapper mapper;

    public YamlConfigLoader() {
        SimpleModule durations = new SimpleModule("prometheus-durations");
        durations.addDeserializer(Duration.class, new PrometheusDurationDeserializer());
        this.mapper = YAMLMapper.builder(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                // Files write enum values in lower case (wal_sync: always), as Prometheus and Loki files do.
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .addModule(durations)
                .build();
    }

    /** Loads {@code file} as a {@code type}; an empty file yields the type's defaults. */
    public <T> T load(Path file, Class<T> type) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), 0, 0, "", "configuration file does not exist");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, 0, "", "cannot read configuration file: " + e.getMessage());
        }
        return parse(text, file.toString(), type);
    }

    /** Parses YAML text as a {@code type}; {@code source} names the text in error messages. */
    public <T> T parse(String yaml, String source, Class<T> type) throws ConfigException {
        Objects.requireNonNull(type, "type");
        try {
            if (isEmptyDocument(yaml)) {
                return mapper.readValue("{}", type);
            }
            return mapper.readValue(yaml, type);
        } catch (UnrecognizedPropertyException e) {
            throw located(yaml, source, e, "unknown key '" + e.getPropertyName() + "'" + knownKeys(e.getKnownPropertyIds()));
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw located(yaml, source, e, cause.getMessage());
        } catch (JsonMappingException e) {
            throw located(yaml, source, e, e.getOriginalMessage());
        } catch (JsonParseException e) {
            String problem = e.getOriginalMessage();
            if (problem != null && problem.startsWith("Duplicate field")) {
                problem = "key given twice: " + problem.substring("Duplicate field".length()).trim();
            }
            throw new ConfigException(source, line(e.getLocation()), column(e.getLocation()), "", "invalid YAML: " + problem);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, line(e.getLocation()), column(e.getLocation()), "", "invalid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(source, 0, 0, "", "cannot parse: " + e.getMessage());
        }
    }

    private boolean isEmptyDocument(String yaml) throws IOException {
        try (JsonParser parser = mapper.createParser(yaml)) {
            return parser.nextToken() == null;
        }
    }

    /** A mapping error placed at the key it concerns, or where the binder stopped if the key cannot be found. */
    private static ConfigException located(String yaml, String source, JsonMappingException e, String problem) {
        List<YamlKeyLocator.Step> steps = new ArrayList<>();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                steps.add(new YamlKeyLocator.Step(reference.getFieldName(), -1));
            } else if (reference.getIndex() >= 0) {
                steps.add(new YamlKeyLocator.Step(null, reference.getIndex()));
            }
        }
        YamlKeyLocator.Position position = YamlKeyLocator.locate(yaml, steps);
        if (position != null) {
            return new ConfigException(source, position.line(), position.column(), keyPath(e), problem);
        }
        return new ConfigException(source, line(e.getLocation()), column(e.getLocation()), keyPath(e), problem);
    }

    private static String keyPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String knownKeys(Collection<Object> known) {
        if (known == null || known.isEmpty()) {
            return "";
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (Object key : known) {
            sorted.add(String.valueOf(key));
        }
        return " (known keys here: " + String.join(", ", sorted) + ")";
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : Math.max(location.getLineNr(), 0);
    }

    private static int column(JsonLocation location) {
        return location == null ? 0 : Math.max(location.getColumnNr(), 0);
    }

    /** Reads {@code 15s}-style strings; a bare number is rejected because its unit would be a guess. */
    private static final class PrometheusDurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken().isNumeric() && parser.getValueAsDouble() == 0) {
                return Duration.ZERO;
            }
            String text = parser.getValueAsString();
            if (text == null || parser.currentToken().isNumeric()) {
                return (Duration) context.handleWeirdStringValue(Duration.class, parser.getText(),
                        "a duration needs a unit, for example 15s, 5m or 1h30m");
            }
            try {
                return Durations.parse(text.trim());
            } catch (IllegalArgumentException e) {
                return (Duration) context.handleWeirdStringValue(Duration.class, text, e.getMessage());
            }
        }
    }
}

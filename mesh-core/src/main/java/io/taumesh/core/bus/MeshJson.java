package io.taumesh.core.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.taumesh.core.contract.FieldError;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.VertxModule;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Maps message records to and from JSON: snake_case fields, {@code schema_version} checked on read,
 * unknown fields ignored so that a newer writer does not break an older reader of the same version.
 */
public final class MeshJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // Vert.x JsonObject and JsonArray inside a record or map are written as the JSON they hold.
            .addModule(new VertxModule())
            // A path is written as the operator gave it (relative stays relative), not as a file: URI.
            .addModule(new SimpleModule("paths")
                    .addSerializer(Path.class, ToStringSerializer.instance)
                    .addDeserializer(Path.class, new FromStringDeserializer<>(Path.class) {
                        @Override
                        protected Path _deserialize(String value, DeserializationContext context) {
                            return Path.of(value);
                        }
                    }))
            .build();

    private MeshJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    @SuppressWarnings("unchecked")
    public static JsonObject toJson(Object message) {
        return new JsonObject(MAPPER.convertValue(message, Map.class));
    }

    public static String toJsonString(Object message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** Reads a message, refusing a missing or unknown {@code schema_version} and naming any bad field. */
    public static <T extends MeshMessage> T fromJson(JsonObject json, Class<T> type) {
        if (json == null) {
            throw new FieldError("$", "body is missing");
        }
        Object version = json.getValue("schema_version");
        if (version == null) {
            throw new FieldError("schema_version", "is required");
        }
        if (!(version instanceof Number n)
                || n.intValue() != MeshMessage.SCHEMA_VERSION
                || n.doubleValue() != n.intValue()) {
            throw new FieldError(
                    "schema_version",
                    "unsupported value " + version + " (this build reads version " + MeshMessage.SCHEMA_VERSION + ")");
        }
        return bind(json, type);
    }

    /**
     * Binds JSON to a record; a {@link FieldError} thrown by the record's own validation comes out as it is,
     * a value of the wrong type as a {@link FieldError} naming its path.
     */
    public static <T> T bind(JsonObject json, Class<T> type) {
        try {
            return MAPPER.convertValue(json.getMap(), type);
        } catch (IllegalArgumentException e) {
            throw describe(e);
        }
    }

    private static FieldError describe(IllegalArgumentException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FieldError own) {
                return own;
            }
        }
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            String path = mismatch.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String reason = mismatch instanceof InvalidFormatException bad
                    ? "cannot read " + bad.getValue() + " as "
                            + bad.getTargetType().getSimpleName()
                    : mismatch.getOriginalMessage().startsWith("Cannot map `null`")
                            // Jackson's own words here advise a setting; the reader needs to know what is missing.
                            ? "is required, but is missing or null"
                            : mismatch.getOriginalMessage();
            return new FieldError(path.isEmpty() ? "$" : path.replace(".[", "["), reason);
        }
        return new FieldError("$", String.valueOf(e.getMessage()));
    }
}

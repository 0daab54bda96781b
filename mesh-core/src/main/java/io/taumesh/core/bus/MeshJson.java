package io.taumesh.core.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.VertxModule;
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
      .build();

  private MeshJson() {
  }

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
      throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
    }
  }

  /** Reads a message, refusing a missing or unknown {@code schema_version} and naming any bad field. */
  public static <T extends MeshMessage> T fromJson(JsonObject json, Class<T> type) {
    if (json == null) {
      throw new MessageFormatException("$", "body is missing");
    }
    Object version = json.getValue("schema_version");
    if (version == null) {
      throw new MessageFormatException("schema_version", "is required");
    }
    if (!(version instanceof Number n) || n.intValue() != MeshMessage.SCHEMA_VERSION || n.doubleValue() != n.intValue()) {
      throw new MessageFormatException("schema_version",
          "unsupported value " + version + " (this build reads version " + MeshMessage.SCHEMA_VERSION + ")");
    }
    try {
      return MAPPER.convertValue(json.getMap(), type);
    } catch (IllegalArgumentException e) {
      throw describe(e);
    }
  }

  private static MessageFormatException describe(IllegalArgumentException e) {
    if (e.getCause() instanceof MismatchedInputException mismatch) {
      String path = mismatch.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining("."));
      String reason = mismatch instanceof InvalidFormatException bad
          ? "cannot read " + bad.getValue() + " as " + bad.getTargetType().getSimpleName()
          : mismatch.getOriginalMessage();
      return new MessageFormatException(path.isEmpty() ? "$" : path.replace(".[", "["), reason, e);
    }
    return new MessageFormatException("$", String.valueOf(e.getMessage()), e);
  }
}

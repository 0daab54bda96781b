package io.taumesh.webui;

import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Where the browser dashboard listens, and the operator token its control actions need. */
record WebUiSettings(String host, int port, String token) {

  static final String DEFAULT_HOST = "127.0.0.1";

  WebUiSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--ui-port must be between 0 and 65535, got " + port);
    }
    if (token == null || token.length() < 16) {
      throw new IllegalArgumentException("--ui-token must be at least 16 characters");
    }
  }

  /** A token nobody can guess, for a start without --ui-token. */
  static String newToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  JsonObject toConfig() {
    return new JsonObject().put("webui", new JsonObject().put("host", host).put("port", port).put("token", token));
  }

  static WebUiSettings fromConfig(JsonObject config) {
    JsonObject w = config == null ? new JsonObject() : config.getJsonObject("webui", new JsonObject());
    String token = w.getString("token");
    return new WebUiSettings(w.getString("host", DEFAULT_HOST), w.getInteger("port", 0), token == null ? newToken() : token);
  }
}

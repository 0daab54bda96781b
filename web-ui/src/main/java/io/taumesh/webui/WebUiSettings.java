package io.taumesh.webui;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.node.ServiceConfig;
import io.taumesh.core.security.OperatorToken;
import io.vertx.core.json.JsonObject;

/**
 * Where the browser dashboard listens, and the operator token its control actions need: carried as
 * {@code {"webui": {...}}}, validated once, here.
 */
record WebUiSettings(String host, int port, String token) {

    static final String CONFIG_KEY = "webui";
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int MIN_TOKEN_CHARS = OperatorToken.MIN_CHARS;

    WebUiSettings {
        if (host == null || host.isBlank()) {
            throw new FieldError("host", "must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new FieldError("port", "must be between 0 and 65535, got " + port);
        }
        if (token == null || token.length() < MIN_TOKEN_CHARS) {
            throw new FieldError("token", "must be at least " + MIN_TOKEN_CHARS + " characters");
        }
    }

    /** A token nobody can guess, for a start without --ui-token. */
    static String newToken() {
        return OperatorToken.generate().reveal();
    }

    /** The token never prints with the settings (they reach error messages and logs). */
    @Override
    public String toString() {
        return "WebUiSettings[host=" + host + ", port=" + port + ", token=hidden]";
    }

    JsonObject toConfig() {
        return ServiceConfig.of(CONFIG_KEY, this);
    }

    /** A config without a token gets a fresh one. */
    static WebUiSettings fromConfig(JsonObject config) {
        return ServiceConfig.read(
                config, CONFIG_KEY, WebUiSettings.class, new WebUiSettings(DEFAULT_HOST, 0, newToken()));
    }
}

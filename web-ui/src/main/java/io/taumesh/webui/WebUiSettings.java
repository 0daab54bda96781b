package io.taumesh.webui;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.node.ServiceConfig;
import io.taumesh.core.security.OperatorToken;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where the browser dashboard listens, the operator token its control actions need, and the origins of pages served
 * through a proxy that may open its bridge: carried as {@code {"webui": {...}}}, validated once, here. Who else may sign in
 * is the node's (its operators file, {@link io.taumesh.core.security.OperatorsFile#fromConfig}).
 */
record WebUiSettings(String host, int port, String token, List<String> allowedOrigins) {

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
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        allowedOrigins.forEach(WebUiSettings::checkOrigin);
    }

    WebUiSettings(String host, int port, String token) {
        this(host, port, token, List.of());
    }

    /**
     * An origin as a browser sends it: {@code http} or {@code https}, a host, an optional port, nothing after (no
     * path, no trailing slash). Anything else would never match, so it is refused where it is given.
     */
    private static void checkOrigin(String origin) {
        String expected = "must be origins such as https://ops.example.com or https://ops.example.com:8443"
                + " (a scheme and a host in lower case, no path), got '" + origin + "'";
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException | NullPointerException e) {
            throw new FieldError("allowed_origins", expected);
        }
        boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
        if (!web
                || uri.getHost() == null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null
                || !origin.equals(origin.toLowerCase(Locale.ROOT))) {
            throw new FieldError("allowed_origins", expected);
        }
    }

    /** The origins of a comma-separated list, blanks dropped: the form of the flag and its environment variable. */
    static List<String> originList(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(o -> !o.isEmpty())
                .toList();
    }

    /** A token nobody can guess, for a start without --ui-token. */
    static String newToken() {
        return OperatorToken.generate().reveal();
    }

    /** The token never prints with the settings (they reach error messages and logs). */
    @Override
    public String toString() {
        return "WebUiSettings[host=" + host + ", port=" + port + ", token=hidden, allowedOrigins=" + allowedOrigins
                + "]";
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

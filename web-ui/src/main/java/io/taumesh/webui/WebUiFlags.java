package io.taumesh.webui;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.node.ServiceFlags;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Option;

/** The web UI's flags, shared by {@code web-ui} and {@code tau-mesh}. */
public final class WebUiFlags implements ServiceFlags {

    @Option(
            names = "--ui-host",
            paramLabel = "HOST",
            defaultValue = "${env:TAU_UI_HOST:-127.0.0.1}",
            description = "Interface of the browser dashboard (env TAU_UI_HOST, default: ${DEFAULT-VALUE}).")
    public String host;

    @Option(
            names = "--ui-port",
            paramLabel = "PORT",
            defaultValue = "${env:TAU_UI_PORT:-0}",
            description =
                    "Port of the browser dashboard, 0 picks a free one (env TAU_UI_PORT, default: ${DEFAULT-VALUE}).")
    public int port;

    @Option(
            names = "--ui-token",
            paramLabel = "TOKEN",
            defaultValue = "${env:TAU_UI_TOKEN}",
            description =
                    "Operator token for control actions from the browser; without it (or blank) one is generated and printed "
                            + "with the URL (env TAU_UI_TOKEN).")
    public String token;

    @Option(
            names = "--ui-allowed-origins",
            paramLabel = "ORIGINS",
            defaultValue = "${env:TAU_UI_ALLOWED_ORIGINS}",
            description = "Origins, comma-separated, of pages served through a reverse proxy that may open the bridge, "
                    + "such as https://ops.example.com (env TAU_UI_ALLOWED_ORIGINS; docs/deploy.md). Without it only the "
                    + "UI's own address and loopback may.")
    public String allowedOrigins;

    @Override
    public JsonObject toConfig() {
        try {
            // Blank is unset: a compose file passes an unset variable on as an empty string.
            return new WebUiSettings(
                            host,
                            port,
                            token == null || token.isBlank() ? WebUiSettings.newToken() : token,
                            WebUiSettings.originList(allowedOrigins))
                    .toConfig();
        } catch (FieldError e) {
            throw ServiceFlags.asFlagError("--ui-", e);
        }
    }
}

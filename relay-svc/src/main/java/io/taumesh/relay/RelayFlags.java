package io.taumesh.relay;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.contract.WireName;
import io.taumesh.core.node.ServiceFlags;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The relay's flags. */
public final class RelayFlags implements ServiceFlags {

    @Option(
            names = "--dashboard-path",
            paramLabel = "PATH",
            defaultValue = "${env:TAU_DASHBOARD_PATH:-" + RelaySettings.DEFAULT_PATH + "}",
            description = "Unix socket of the dashboard IPC (env TAU_DASHBOARD_PATH, default: ${DEFAULT-VALUE}).")
    public String path;

    @Option(
            names = "--relay-slow-client-policy",
            paramLabel = "drop|disconnect",
            defaultValue = "drop",
            converter = PolicyConverter.class,
            description =
                    "What happens to a client that does not read its events fast enough (default: ${DEFAULT-VALUE}).")
    public SlowClientPolicy slowClientPolicy;

    /** Reads a policy by its wire name, listing the names on a bad one. */
    static final class PolicyConverter implements CommandLine.ITypeConverter<SlowClientPolicy> {
        @Override
        public SlowClientPolicy convert(String value) {
            return WireName.parse(SlowClientPolicy.class, value)
                    .orElseThrow(() -> new CommandLine.TypeConversionException("must be "
                            + WireName.listed(SlowClientPolicy.class).replace(", ", " or ") + ", got '" + value + "'"));
        }
    }

    @Override
    public JsonObject toConfig() {
        try {
            RelaySettings d = RelaySettings.DEFAULTS;
            return new RelaySettings(
                            Path.of(path),
                            slowClientPolicy,
                            d.maxFrameBytes(),
                            d.slowClientDropLimit(),
                            d.heartbeatMs())
                    .toConfig();
        } catch (FieldError e) {
            throw ServiceFlags.asFlagError("--relay-", e);
        }
    }
}

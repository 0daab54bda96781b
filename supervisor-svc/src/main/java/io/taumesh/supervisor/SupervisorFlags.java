package io.taumesh.supervisor;

import io.taumesh.core.node.ServiceFlags;
import io.taumesh.supervisor.heartbeat.HeartbeatFlags;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The supervisor's flags, shared by {@code supervisor-svc} and {@code tau-mesh}. */
public final class SupervisorFlags implements ServiceFlags {

    @Option(
            names = "--supervisor-config",
            paramLabel = "FILE",
            defaultValue = "${env:TAU_SUPERVISOR_CONFIG}",
            description =
                    "Supervision config: the children and their restart policies (format: docs/supervisor.md; env TAU_SUPERVISOR_CONFIG).")
    public Path configFile;

    /** The runtime heartbeat and self-repair, which the supervisor runs beside its tree. */
    @Mixin
    public HeartbeatFlags heartbeat = new HeartbeatFlags();

    @Override
    public JsonObject toConfig() {
        JsonObject config = configFile == null
                ? SupervisorSettings.NO_CHILDREN.toConfig()
                : new SupervisorSettings(configFile.toAbsolutePath(), null).toConfig();
        return config.mergeIn(heartbeat.toConfig());
    }
}

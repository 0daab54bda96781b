package io.taumesh.supervisor;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.node.ServiceConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * Where the supervisor's children come from: a supervision config file, or the config inline ({@code spec},
 * as the all-in-one mesh gives it); and its state dir, which holds its audit trail ({@code audit.jsonl}; {@link
 * #DEFAULT_STATE_DIR} when none is given). Carried as {@code {"supervisor": {...}}}.
 */
public record SupervisorSettings(Path configFile, JsonObject spec, Path stateDir) {

    /** Where the supervisor keeps its state unless told otherwise: beside the runners' ({@code .tau/gateway}). */
    public static final Path DEFAULT_STATE_DIR = Path.of(".tau", "supervisor");

    static final String CONFIG_KEY = "supervisor";
    static final SupervisorSettings NO_CHILDREN = new SupervisorSettings(
            null, new JsonObject().put("schema_version", 1).put("children", new JsonArray()));

    public SupervisorSettings {
        if (configFile == null && spec == null) {
            throw new FieldError("config_file", "a config file or an inline spec is required");
        }
        if (stateDir == null) {
            stateDir = DEFAULT_STATE_DIR;
        }
    }

    /** Children from a file or inline, state in the default dir. */
    public SupervisorSettings(Path configFile, JsonObject spec) {
        this(configFile, spec, null);
    }

    /** The same children, state in {@code dir}. */
    public SupervisorSettings withStateDir(Path dir) {
        return new SupervisorSettings(configFile, spec, dir);
    }

    public JsonObject toConfig() {
        return ServiceConfig.of(CONFIG_KEY, this);
    }

    static SupervisorSettings fromConfig(JsonObject config) {
        return ServiceConfig.read(config, CONFIG_KEY, SupervisorSettings.class, NO_CHILDREN);
    }

    /** Reads the supervision config (blocking: it may read a file); a bad one fails naming the field path. */
    SupervisionConfig load() {
        try {
            return configFile != null
                    ? SupervisionConfig.load(configFile)
                    : SupervisionConfig.parse(spec, Path.of("").toAbsolutePath());
        } catch (FieldError e) {
            throw new IllegalArgumentException(e.asFieldPath(), e);
        }
    }
}

package io.taumesh.core.bus.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.contract.SupervisorCommand;
import io.vertx.core.json.JsonObject;
import org.jspecify.annotations.Nullable;

/**
 * A command on {@code tau.supervisor.command}. {@code command} stays the name as sent, so that the supervisor can
 * answer an unknown one by name; {@code spec} is a child spec for {@code add}, in the supervision config's form;
 * {@code reason} is the operator's word on why, which {@code release} requires and keeps.
 * Operators type commands by hand ({@code {"command": "restart", "child_id": "gateway"}}), so {@code schema_version}
 * may be left out; this build writes it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SupervisorCommandRequest(
        @Nullable Integer schemaVersion,
        @Nullable String command,
        @Nullable String childId,
        @Nullable JsonObject spec,
        @Nullable String idempotencyKey,
        @Nullable String reason) {

    /** A command on one child, or {@code shutdown} with no child. */
    public static SupervisorCommandRequest of(SupervisorCommand command, @Nullable String childId) {
        return new SupervisorCommandRequest(MeshMessage.SCHEMA_VERSION, command.wire(), childId, null, null, null);
    }

    /** A command named as an operator typed it: the supervisor names it back if it knows no such command. */
    public static SupervisorCommandRequest named(String command, @Nullable String childId) {
        return new SupervisorCommandRequest(MeshMessage.SCHEMA_VERSION, command, childId, null, null, null);
    }

    public SupervisorCommandRequest withIdempotencyKey(@Nullable String key) {
        return new SupervisorCommandRequest(schemaVersion, command, childId, spec, key, reason);
    }

    /** The same command with the operator's reason: what lifting a quarantine takes, kept with it. */
    public SupervisorCommandRequest withReason(@Nullable String why) {
        return new SupervisorCommandRequest(schemaVersion, command, childId, spec, idempotencyKey, why);
    }
}

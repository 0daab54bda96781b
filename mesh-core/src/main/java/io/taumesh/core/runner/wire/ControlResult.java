package io.taumesh.core.runner.wire;

import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.contract.ControlVerdict;
import java.util.Map;

/**
 * The answer to a control action: {@code accepted} or {@code rejected} with a reason. A repeat of an
 * action with the same idempotency key gets the first answer again, marked {@code duplicate}.
 */
public record ControlResult(
        int schemaVersion,
        String runtime,
        String action,
        ControlVerdict result,
        String reason,
        String idempotencyKey,
        boolean duplicate,
        Map<String, Object> detail)
        implements MeshMessage {

    public static ControlResult accepted(
            String runtime, String action, String key, String reason, Map<String, Object> detail) {
        return new ControlResult(SCHEMA_VERSION, runtime, action, ControlVerdict.ACCEPTED, reason, key, false, detail);
    }

    public static ControlResult rejected(
            String runtime, String action, String key, String reason, Map<String, Object> detail) {
        return new ControlResult(SCHEMA_VERSION, runtime, action, ControlVerdict.REJECTED, reason, key, false, detail);
    }

    public boolean accepted() {
        return result == ControlVerdict.ACCEPTED;
    }

    public ControlResult asDuplicate() {
        return new ControlResult(schemaVersion, runtime, action, result, reason, idempotencyKey, true, detail);
    }
}

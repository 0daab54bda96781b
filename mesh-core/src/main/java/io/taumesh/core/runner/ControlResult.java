package io.taumesh.core.runner;

import io.taumesh.core.bus.MeshMessage;
import java.util.Map;

/**
 * The answer to a control action: {@code accepted} or {@code rejected} with a reason. A repeat of an
 * action with the same idempotency key gets the first answer again, marked {@code duplicate}.
 */
public record ControlResult(
    int schemaVersion,
    String runtime,
    String action,
    String result,
    String reason,
    String idempotencyKey,
    boolean duplicate,
    Map<String, Object> detail) implements MeshMessage {

  public static final String ACCEPTED = "accepted";
  public static final String REJECTED = "rejected";

  public ControlResult asDuplicate() {
    return new ControlResult(schemaVersion, runtime, action, result, reason, idempotencyKey, true, detail);
  }
}

package io.taumesh.core.runner;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether a rollout may be promoted: {@code pass}, or {@code hold} with a reason code. */
public enum RolloutGate {
  PASS, HOLD;

  @JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}

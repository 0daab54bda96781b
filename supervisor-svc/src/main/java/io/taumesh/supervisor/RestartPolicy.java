package io.taumesh.supervisor;

import java.util.Locale;

/** When a child that exited is started again. A child the supervisor cancelled is never restarted. */
public enum RestartPolicy {
  /** Always, whatever the exit. */
  PERMANENT,
  /** Only after an abnormal exit (Failed, Panicked). */
  TRANSIENT,
  /** Never. */
  TEMPORARY;

  public boolean restartsAfter(TaskExit exit) {
    if (exit.kind().equals(TaskExit.CANCELLED)) {
      return false;
    }
    return switch (this) {
      case PERMANENT -> true;
      case TRANSIENT -> exit.abnormal();
      case TEMPORARY -> false;
    };
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}

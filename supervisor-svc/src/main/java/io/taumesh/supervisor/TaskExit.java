package io.taumesh.supervisor;

/**
 * How a child's run ended: {@code Completed} (it finished by itself), {@code Failed} (it reported a failure:
 * a start that failed, a non-zero exit), {@code Panicked} (an uncaught exception) or {@code Cancelled}
 * (the supervisor stopped it).
 */
public record TaskExit(String kind, String reason, String at) {

  public static final String COMPLETED = "Completed";
  public static final String FAILED = "Failed";
  public static final String PANICKED = "Panicked";
  public static final String CANCELLED = "Cancelled";

  public static TaskExit of(String kind, String reason) {
    return new TaskExit(kind, reason, java.time.Instant.now().toString());
  }

  public boolean abnormal() {
    return kind.equals(FAILED) || kind.equals(PANICKED);
  }

  /** The form the runbooks and the journal use: {@code TaskExit::Failed(exit code 3)}. */
  public String display() {
    return "TaskExit::" + kind + (reason == null || reason.isEmpty() ? "" : "(" + reason + ")");
  }
}

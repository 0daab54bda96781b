package io.taumesh.supervisor;

/** What the supervisor knows of one child between its runs. Touched only on the supervisor's context. */
final class ChildRecord {

  static final String STARTING = "starting";
  static final String RUNNING = "running";
  static final String BACKOFF = "backoff";
  static final String STOPPED = "stopped";
  static final String FAILED = "failed";
  static final String QUARANTINED = "quarantined";
  static final String STOPPING = "stopping";

  final ChildSpec spec;
  final TokenBucket budget;
  String state = STARTING;
  int restartCount;
  int consecutiveRestarts;
  TaskExit lastExit;
  ChildHandle handle;
  String quarantineReason;
  long restartTimer = -1;
  long probeSentMs = -1;
  boolean blocked;
  long runningSinceMs;

  ChildRecord(ChildSpec spec, long nowMs) {
    this.spec = spec;
    this.budget = new TokenBucket(spec.budgetCapacity(), spec.budgetRefillPeriodMs(), nowMs);
  }
}

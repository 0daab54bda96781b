package io.taumesh.supervisor;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The supervision tree: starts the children in order, restarts them by their policy with backoff while
 * their restart budget lasts, quarantines a child whose budget runs out, answers commands, and shuts down
 * in named phases. Everything runs on the supervisor's context; the control loop counts its iterations
 * there, so a loop that stops iterating is visible from outside.
 */
final class Supervisor {

  private static final Logger LOG = Logger.getLogger(Supervisor.class.getName());

  private final Vertx vertx;
  private final Context context;
  private final SupervisionConfig config;
  private final JsonObject nodeConfig;
  private final io.taumesh.core.bus.NodeIdentity identity;
  private final Map<String, ChildRecord> children = new LinkedHashMap<>();
  private final Random random = new Random();
  private final AtomicLong iterations = new AtomicLong();
  private final Deque<Long> recentTicks = new ArrayDeque<>();
  private final long startedMs = System.currentTimeMillis();
  private String status = "starting";
  private long loopTimer = -1;
  private long lastLinkHeartbeatMs = -1;

  Supervisor(Vertx vertx, Context context, SupervisionConfig config, JsonObject nodeConfig) {
    this.vertx = vertx;
    this.context = context;
    this.config = config;
    this.nodeConfig = nodeConfig;
    this.identity = io.taumesh.core.bus.NodeIdentity.fromConfig(nodeConfig);
  }

  /** Starts the control loop and every child, in order; completes when each child has been started once. */
  Future<Void> start() {
    loopTimer = vertx.setPeriodic(config.controlLoopIntervalMs(), id -> tick());
    Future<Void> chain = Future.succeededFuture();
    for (ChildSpec spec : config.children()) {
      chain = chain.compose(v -> add(spec).mapEmpty());
    }
    return chain.onComplete(done -> {
      status = "ready";
      LOG.info(() -> "supervisor ready: children " + String.join(", ", children.keySet()) + " (" + running() + " of "
          + children.size() + " running)");
    });
  }

  // ---- children ----

  private Future<Void> add(ChildSpec spec) {
    ChildRecord record = new ChildRecord(spec, System.currentTimeMillis());
    children.put(spec.id(), record);
    event("added", record, null);
    return launch(record);
  }

  /** Starts a run of the child; a start that fails is handled as a Failed exit. */
  private Future<Void> launch(ChildRecord record) {
    ChildHandle handle = record.spec.kind().equals(ChildSpec.PROCESS)
        ? new ProcessChild(vertx, context, record.spec, ProcessChild.placeholders(identity.clusterName(), identity.member()))
        : new VerticleChild(vertx, record.spec, nodeConfig);
    record.handle = handle;
    record.state = ChildRecord.STARTING;
    record.blocked = false;
    record.probeSentMs = -1;
    handle.onExit(exit -> exited(record, handle, exit));
    return handle.start().transform(ar -> {
      if (record.handle != handle) {
        return Future.succeededFuture();
      }
      if (ar.succeeded()) {
        record.state = ChildRecord.RUNNING;
        record.runningSinceMs = System.currentTimeMillis();
        LOG.info(() -> "child " + record.spec.id() + " started (" + handle.describe() + ")");
        event("started", record, null);
      } else {
        exited(record, handle, TaskExit.of(TaskExit.FAILED, "start failed: " + ar.cause().getMessage()));
      }
      return Future.succeededFuture();
    });
  }

  private void exited(ChildRecord record, ChildHandle handle, TaskExit exit) {
    if (record.handle != handle || !children.containsKey(record.spec.id())) {
      return;
    }
    if (status.equals("stopping")) {
      // The host signalled every process at once (a group or cgroup stop): this child went with the rest.
      TaskExit cancelled = TaskExit.of(TaskExit.CANCELLED, "ended during shutdown, " + exit.reason());
      record.lastExit = cancelled;
      LOG.info(() -> "child " + record.spec.id() + " exited: " + cancelled.display());
      event("exited", record, cancelled);
      return;
    }
    record.lastExit = exit;
    LOG.warning(() -> "child " + record.spec.id() + " exited: " + exit.display());
    event("exited", record, exit);
    if (record.state.equals(ChildRecord.QUARANTINED)) {
      return;
    }
    if (!record.spec.restart().restartsAfter(exit)) {
      record.state = exit.abnormal() ? ChildRecord.FAILED : ChildRecord.STOPPED;
      return;
    }
    long now = System.currentTimeMillis();
    // A run that lasted a good while resets the backoff; a crash loop keeps doubling it.
    if (record.runningSinceMs > 0 && now - record.runningSinceMs > record.spec.backoffMaxMs() * 2) {
      record.consecutiveRestarts = 0;
    }
    if (!record.budget.tryTake(now)) {
      quarantine(record, "restart budget exhausted (" + record.spec.budgetCapacity() + " restarts per "
          + record.spec.budgetRefillPeriodMs() + " ms)");
      return;
    }
    record.consecutiveRestarts++;
    long delay = record.spec.backoffDelay(record.consecutiveRestarts, random.nextDouble());
    record.state = ChildRecord.BACKOFF;
    record.restartTimer = vertx.setTimer(Math.max(1, delay), t -> {
      record.restartTimer = -1;
      if (record.state.equals(ChildRecord.BACKOFF) && children.containsKey(record.spec.id())) {
        record.restartCount++;
        LOG.info(() -> "restarting child " + record.spec.id() + " after " + delay + " ms (restart " + record.restartCount
            + ", " + record.budget.tokens(System.currentTimeMillis()) + " tokens left)");
        event("restarted", record, null);
        launch(record);
      }
    });
  }

  private void quarantine(ChildRecord record, String reason) {
    record.state = ChildRecord.QUARANTINED;
    record.quarantineReason = reason;
    cancelRestart(record);
    LOG.warning(() -> "child " + record.spec.id() + " quarantined: " + reason);
    event("quarantined", record, null);
  }

  private void cancelRestart(ChildRecord record) {
    if (record.restartTimer >= 0) {
      vertx.cancelTimer(record.restartTimer);
      record.restartTimer = -1;
    }
  }

  private Future<TaskExit> stopRun(ChildRecord record) {
    cancelRestart(record);
    ChildHandle handle = record.handle;
    record.handle = null;
    if (handle == null || !(record.state.equals(ChildRecord.RUNNING) || record.state.equals(ChildRecord.STARTING))) {
      return Future.succeededFuture(TaskExit.of(TaskExit.CANCELLED, "was not running"));
    }
    if (record.blocked) {
      interruptBlocked(record);
    }
    record.state = ChildRecord.STOPPING;
    return handle.stop(record.spec.shutdownTimeoutMs()).onSuccess(exit -> {
      // Blocked was a property of the run that just ended.
      record.blocked = false;
      record.probeSentMs = -1;
      record.lastExit = exit;
      event("exited", record, exit);
    });
  }

  /** A child stuck in a blocking call holds a thread; interrupting that thread lets its context run again. */
  private void interruptBlocked(ChildRecord record) {
    String prefix = record.spec.target() == null ? null : record.spec.target();
    if (prefix == null) {
      return;
    }
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      for (StackTraceElement frame : stack) {
        if (frame.getClassName().startsWith(prefix)) {
          LOG.warning(() -> "interrupting " + thread.getName() + ", blocked in " + frame);
          thread.interrupt();
          return;
        }
      }
    });
  }

  // ---- commands ----

  Future<SupervisorViews.CommandResult> command(JsonObject body) {
    String command = body == null ? null : body.getString("command");
    String id = body == null ? null : body.getString("child_id");
    if (command == null) {
      return rejected(null, id, "command: is required (add, remove, restart, quarantine, release, shutdown)");
    }
    if (status.equals("stopping")) {
      return rejected(command, id, "the supervisor is shutting down");
    }
    if (command.equals("shutdown")) {
      shutdown();
      return Future.succeededFuture(SupervisorViews.CommandResult.accepted(command, null, "shutting down: stopping children"));
    }
    if (command.equals("add")) {
      JsonObject spec = body.getJsonObject("spec");
      if (spec == null) {
        return rejected(command, id, "spec: is required (a child spec, as in the supervision config)");
      }
      ChildSpec parsed;
      try {
        parsed = SupervisionConfig.child(spec, "spec", null);
      } catch (SupervisionConfigException e) {
        return rejected(command, spec.getString("id"), e.getMessage());
      }
      if (children.containsKey(parsed.id())) {
        return rejected(command, parsed.id(), "a child with id '" + parsed.id() + "' exists");
      }
      return add(parsed).map(v -> SupervisorViews.CommandResult.accepted(command, parsed.id(), "added and started"));
    }
    ChildRecord record = id == null ? null : children.get(id);
    if (!List.of("remove", "restart", "quarantine", "release").contains(command)) {
      return rejected(command, id, "command: unknown '" + command + "' (add, remove, restart, quarantine, release, shutdown)");
    }
    if (record == null) {
      return rejected(command, id, id == null ? "child_id: is required" : "no child with id '" + id + "'");
    }
    return switch (command) {
      case "remove" -> stopRun(record).map(exit -> {
        children.remove(id);
        event("removed", record, exit);
        return SupervisorViews.CommandResult.accepted(command, id, "removed: " + exit.display());
      });
      case "restart" -> record.state.equals(ChildRecord.QUARANTINED)
          ? rejected(command, id, "the child is quarantined; release it first")
          : stopRun(record).compose(exit -> launch(record)).map(v -> {
            record.restartCount++;
            event("restarted", record, null);
            return SupervisorViews.CommandResult.accepted(command, id, "restarted");
          });
      case "quarantine" -> record.state.equals(ChildRecord.QUARANTINED)
          ? rejected(command, id, "already quarantined")
          : stopRun(record).map(exit -> {
            quarantine(record, "quarantined by command");
            return SupervisorViews.CommandResult.accepted(command, id, "quarantined: " + exit.display());
          });
      default -> !record.state.equals(ChildRecord.QUARANTINED)
          ? rejected(command, id, "not quarantined")
          : release(record).map(v -> SupervisorViews.CommandResult.accepted(command, id, "released with a full restart budget"));
    };
  }

  private Future<Void> release(ChildRecord record) {
    record.quarantineReason = null;
    record.consecutiveRestarts = 0;
    record.budget.reset(System.currentTimeMillis());
    event("released", record, null);
    return launch(record);
  }

  private static Future<SupervisorViews.CommandResult> rejected(String command, String id, String reason) {
    return Future.succeededFuture(SupervisorViews.CommandResult.rejected(command, id, reason));
  }

  // ---- shutdown ----

  private Future<Void> shutdown;

  /** Stops accepting commands, stops the children in reverse start order, then logs ShutdownPhase::Completed. */
  Future<Void> shutdown() {
    if (shutdown != null) {
      return shutdown;
    }
    status = "stopping";
    phase("StopAcceptingCommands");
    phase("StoppingChildren");
    List<ChildRecord> reverse = new ArrayList<>(children.values());
    Collections.reverse(reverse);
    Future<Void> chain = Future.succeededFuture();
    for (ChildRecord record : reverse) {
      chain = chain.compose(v -> stopRun(record).map(exit -> {
        LOG.info(() -> "child " + record.spec.id() + " stopped: " + exit.display());
        return null;
      }));
    }
    Promise<Void> done = Promise.promise();
    chain.onComplete(v -> {
      if (loopTimer >= 0) {
        vertx.cancelTimer(loopTimer);
      }
      phase("Completed");
      done.complete();
    });
    shutdown = done.future();
    return shutdown;
  }

  private void phase(String name) {
    LOG.info("ShutdownPhase::" + name);
    vertx.eventBus().publish(Addresses.SUPERVISOR_EVENTS, new JsonObject().put("schema_version", MeshMessage.SCHEMA_VERSION)
        .put("event", "shutdown_phase").put("phase", "ShutdownPhase::" + name).put("at", java.time.Instant.now().toString()));
  }

  // ---- control loop, starvation, link ----

  private void tick() {
    long now = System.currentTimeMillis();
    iterations.incrementAndGet();
    recentTicks.addLast(now);
    while (!recentTicks.isEmpty() && recentTicks.peekFirst() < now - 5_000) {
      recentTicks.removeFirst();
    }
    for (ChildRecord record : children.values()) {
      if (!record.state.equals(ChildRecord.RUNNING) || !(record.handle instanceof VerticleChild verticle)) {
        continue;
      }
      if (verticle.deploymentId() != null && !vertx.deploymentIDs().contains(verticle.deploymentId())) {
        verticle.ended(TaskExit.of(TaskExit.COMPLETED, "the verticle undeployed itself"));
        continue;
      }
      probe(record, verticle, now);
    }
  }

  /** Asks the child's context to run a no-op; one that has not run it within the threshold is blocked. */
  private void probe(ChildRecord record, VerticleChild verticle, long now) {
    if (record.probeSentMs >= 0) {
      if (!record.blocked && now - record.probeSentMs > config.starvationThresholdMs()) {
        record.blocked = true;
        LOG.warning(() -> "child " + record.spec.id() + " is blocked: its context has not run a task for "
            + (now - record.probeSentMs) + " ms (starvation)");
        event("blocked", record, null);
      }
      return;
    }
    Context child = verticle.context();
    if (child == null) {
      return;
    }
    record.probeSentMs = now;
    child.runOnContext(v -> context.runOnContext(back -> {
      if (record.handle == verticle) {
        record.probeSentMs = -1;
        if (record.blocked) {
          record.blocked = false;
          event("unblocked", record, null);
        }
      }
    }));
  }

  /** Something went uncaught in a context; if it is a child's, that child panicked. */
  void uncaught(String deploymentId, Throwable error) {
    for (ChildRecord record : children.values()) {
      if (record.handle instanceof VerticleChild v && deploymentId != null && deploymentId.equals(v.deploymentId())) {
        String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
        vertx.undeploy(deploymentId).onComplete(done -> v.ended(TaskExit.of(TaskExit.PANICKED, message)));
        return;
      }
    }
    LOG.warning(() -> "uncaught exception outside any child: " + error);
  }

  void linkHeartbeat() {
    lastLinkHeartbeatMs = System.currentTimeMillis();
  }

  // ---- views ----

  SupervisorViews.State state() {
    long now = System.currentTimeMillis();
    List<SupervisorViews.ChildRuntimeRecord> records = new ArrayList<>();
    int failed = 0;
    int quarantined = 0;
    for (ChildRecord r : children.values()) {
      if (r.state.equals(ChildRecord.QUARANTINED)) {
        quarantined++;
      } else if (r.state.equals(ChildRecord.FAILED) || (r.state.equals(ChildRecord.BACKOFF) && r.lastExit != null && r.lastExit.abnormal())) {
        failed++;
      }
      records.add(new SupervisorViews.ChildRuntimeRecord(r.spec.id(), r.spec.kind(), r.state, r.restartCount,
          SupervisorViews.Exit.of(r.lastExit), new SupervisorViews.Budget(r.budget.tokens(now), r.budget.capacity()),
          r.spec.restart().code(), r.spec.critical(), r.blocked, r.quarantineReason, r.handle == null ? null : r.handle.describe()));
    }
    return new SupervisorViews.State(MeshMessage.SCHEMA_VERSION,
        new SupervisorViews.Children(running(), failed, quarantined, children.size()), records);
  }

  SupervisorViews.Health health() {
    long now = System.currentTimeMillis();
    List<String> blocked = children.values().stream().filter(r -> r.blocked).map(r -> r.spec.id()).toList();
    List<String> criticalDown = children.values().stream()
        .filter(r -> r.spec.critical() && !r.state.equals(ChildRecord.RUNNING)).map(r -> r.spec.id()).toList();
    String current = status;
    String reason = "all children as configured";
    if (current.equals("ready") && !blocked.isEmpty()) {
      current = "degraded";
      reason = "blocked children (starvation): " + String.join(", ", blocked);
    } else if (current.equals("ready") && !criticalDown.isEmpty()) {
      current = "degraded";
      reason = "critical children not running: " + String.join(", ", criticalDown);
    } else if (!current.equals("ready")) {
      reason = current;
    }
    long window = Math.max(1, Math.min(5_000, now - startedMs));
    double perSec = recentTicks.size() * 1000.0 / window;
    boolean linked = lastLinkHeartbeatMs >= 0 && now - lastLinkHeartbeatMs <= config.dashboardLinkTimeoutMs();
    return new SupervisorViews.Health(MeshMessage.SCHEMA_VERSION, current, (now - startedMs) / 1000, iterations.get(),
        Math.round(perSec * 10) / 10.0, linked ? "connected" : "disconnected", blocked, reason);
  }

  private int running() {
    return (int) children.values().stream().filter(r -> r.state.equals(ChildRecord.RUNNING)).count();
  }

  private void event(String kind, ChildRecord record, TaskExit exit) {
    JsonObject e = new JsonObject().put("schema_version", MeshMessage.SCHEMA_VERSION).put("event", kind)
        .put("child_id", record.spec.id()).put("state", record.state).put("restart_count", record.restartCount)
        .put("restart_budget_tokens", record.budget.tokens(System.currentTimeMillis())).put("at", java.time.Instant.now().toString());
    if (exit != null) {
      e.put("exit", MeshJson.toJson(SupervisorViews.Exit.of(exit)));
    }
    if (record.quarantineReason != null) {
      e.put("quarantine_reason", record.quarantineReason);
    }
    vertx.eventBus().publish(Addresses.SUPERVISOR_EVENTS, e);
  }
}

package io.taumesh.core.runner;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.files.StateDirLock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The contract-runner engine shared by the gateway and the dashboard. A cycle takes queued fixture
 * entries in order until {@code queue_limit} cases have been processed: malformed entries are rejected,
 * cases whose id was already processed are skipped, transient failures are retried with backoff, and
 * the rest waits for the next cycle ({@code queue_depth}). Each cycle is committed to the state dir
 * before it counts. All methods must be called on the context the runner was opened on.
 */
public final class ContractRunner {

  private record Queued(FixtureEntry entry, String fixtureKey, int index) {
  }

  private record Outcome(FixtureEntry.Valid testCase, String outcome, int attempts, CaseResult result, String reason) {
  }

  private final Vertx vertx;
  private final Context context;
  private final RuntimeProfile profile;
  private final StateStore store;
  private final FixtureLoader loader;
  private final RetryPolicy retry;
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private final Set<String> processed;
  private final Map<String, Integer> channelRecords;
  private final Map<String, FixtureCursor> cursors = new LinkedHashMap<>();
  private final List<Consumer<CycleReport>> listeners = new CopyOnWriteArrayList<>();
  private final StateDirLock lock;
  private RunnerState state;
  private boolean cycleRunning;
  private boolean closed;
  private Future<Void> current = Future.succeededFuture();

  private ContractRunner(Vertx vertx, Context context, RuntimeProfile profile, StateStore store, RetryPolicy retry,
      RunnerState state, ChannelStore.Committed committed, StateDirLock lock) {
    this.vertx = vertx;
    this.lock = lock;
    this.context = context;
    this.profile = profile;
    this.store = store;
    this.loader = new FixtureLoader(profile);
    this.retry = retry;
    this.state = state;
    this.processed = new HashSet<>(committed.caseIds());
    this.channelRecords = new HashMap<>(committed.recordsPerChannel());
    state.fixtureCursors().forEach(c -> cursors.put(key(c.path(), c.sha256()), c));
  }

  /**
   * Takes the state dir (creating it) for this runner alone, repairs what a crash left, and rebuilds the set
   * of processed cases from the channel store. The stored state continues: nothing already counted is
   * counted again. Fails, naming the dir and the holder's pid, when another runner owns the dir.
   */
  public static Future<ContractRunner> open(Vertx vertx, RuntimeProfile profile, RunnerSettings settings) {
    Context context = vertx.getOrCreateContext();
    return vertx.executeBlocking(() -> {
      StateDirLock lock;
      try {
        lock = StateDirLock.acquire(settings.stateDir(), profile.runtime() + " runner");
      } catch (StateDirLock.HeldException e) {
        throw new StateException(e.getMessage(), e);
      } catch (IOException e) {
        throw new StateException("state dir " + settings.stateDir() + " cannot be created: " + e.getMessage(), e);
      }
      try {
        if (!Files.isWritable(settings.stateDir())) {
          throw new StateException("state dir " + settings.stateDir() + " is not writable");
        }
        StateStore store = new StateStore(settings.stateDir(), profile.runtime());
        RunnerState stored = store.loadState()
            .orElseGet(() -> RunnerState.initial(profile.runtime(), settings.queueLimit(), profile.policy()));
        store.recover(stored);
        RunnerState state = stored.withQueueLimit(settings.queueLimit()).withPaused(false)
            .reevaluated(stored.failureStreak(), profile.policy());
        store.writeState(state);
        ChannelStore.Committed committed = store.channels().committed(state.cycleCount());
        return new ContractRunner(vertx, context, profile, store, settings.retry(), state, committed, lock);
      } catch (Exception | Error e) {
        lock.close();
        throw e;
      }
    });
  }

  /** No cycle starts after this; completes once a cycle in progress has committed (or failed to). */
  public Future<Void> stopCycles() {
    closed = true;
    return current.otherwiseEmpty();
  }

  /** Stops cycles, then releases the state dir for the next owner. */
  public Future<Void> close() {
    return stopCycles().compose(v -> vertx.executeBlocking(() -> {
      lock.close();
      return null;
    }));
  }

  public RuntimeProfile profile() {
    return profile;
  }

  public StateStore store() {
    return store;
  }

  public RunnerState state() {
    return state;
  }

  public int queueDepth() {
    return queue.size();
  }

  public boolean cycleRunning() {
    return cycleRunning;
  }

  /** How many committed records a channel has (a runtime numbers its channel's outputs from this). */
  public int channelRecords(String channelId) {
    return channelRecords.getOrDefault(channelId, 0);
  }

  public boolean wasProcessed(String caseId) {
    return processed.contains(caseId);
  }

  /** Called with each committed cycle's report, on the runner's context. */
  public void onCycle(Consumer<CycleReport> listener) {
    listeners.add(listener);
  }

  /**
   * Reads fixture files (off the event loop) and queues their entries. A fixture seen before resumes
   * after the last committed entry, unless {@code fromStart} (a replay: processed cases are then skipped as
   * duplicates). Fails, queueing nothing, if any file is unusable.
   */
  public Future<Integer> enqueue(List<Path> fixtures, boolean fromStart) {
    return vertx.executeBlocking(() -> {
      List<LoadedFixture> loaded = new ArrayList<>();
      for (Path path : fixtures) {
        loaded.add(loader.load(path));
      }
      return loaded;
    }).map(loaded -> {
      int queued = 0;
      for (LoadedFixture fixture : loaded) {
        String path = fixture.path().toAbsolutePath().normalize().toString();
        String key = key(path, fixture.sha256());
        FixtureCursor cursor = cursors.get(key);
        int start = fromStart || cursor == null ? 0 : Math.min(cursor.nextIndex(), fixture.entries().size());
        for (int i = start; i < fixture.entries().size(); i++) {
          queue.add(new Queued(fixture.entries().get(i), key, i));
          queued++;
        }
        cursors.put(key, new FixtureCursor(path, fixture.sha256(), start, fixture.entries().size()));
      }
      return queued;
    });
  }

  /** Pauses or resumes cycles; the flag is kept in {@code state.json}. */
  public Future<Void> setPaused(boolean paused) {
    return persist(s -> s.withPaused(paused));
  }

  public Future<Void> setQueueLimit(int limit) {
    if (limit < 1 || limit > RunnerSettings.MAX_QUEUE_LIMIT) {
      return Future.failedFuture(new FieldError("queue_limit",
          "must be between 1 and " + RunnerSettings.MAX_QUEUE_LIMIT + ", got " + limit));
    }
    return persist(s -> s.withQueueLimit(limit));
  }

  /** Clears the failure streak; health and gate are re-evaluated as if the streak had never built up. */
  public Future<Void> resetStreak() {
    return persist(s -> s.reevaluated(0, profile.policy()));
  }

  /** Records work that came in outside a cycle (an HTTP or event-bus request) in the channel store. */
  public Future<Void> recordOutside(OutputRecord record) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("the " + profile.runtime() + " runner is closed"));
    }
    return vertx.executeBlocking(() -> {
      store.channels().append(Map.of(record.channelId(), List.of(record)));
      return null;
    }).onSuccess(v -> {
      channelRecords.merge(record.channelId(), 1, Integer::sum);
      if (record.caseId() != null) {
        processed.add(record.caseId());
      }
    }).mapEmpty();
  }

  private Future<Void> persist(java.util.function.UnaryOperator<RunnerState> change) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("the " + profile.runtime() + " runner is closed"));
    }
    if (cycleRunning) {
      // Applied once the cycle in progress has committed, on the state it left.
      return current.transform(previous -> persist(change));
    }
    RunnerState next = change.apply(state);
    // Holds the runner like a cycle does, so that no cycle starts from the state before this change.
    cycleRunning = true;
    Future<Void> write = vertx.executeBlocking(() -> {
      store.writeState(next);
      return null;
    }).onSuccess(v -> state = next).mapEmpty();
    current = write.otherwiseEmpty().onComplete(done -> cycleRunning = false);
    return write;
  }

  /**
   * Runs one cycle, after the one in progress if any. Completes with its report once committed, with null
   * when nothing was queued (an idle cycle is not recorded), and fails when paused or when the commit failed
   * (the cycle's entries are then queued again).
   */
  public Future<CycleReport> runCycle(String trigger, Correlation correlation) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("the " + profile.runtime() + " runner is closed"));
    }
    if (state.paused()) {
      return Future.failedFuture(new IllegalStateException("the " + profile.runtime() + " runner is paused"));
    }
    if (cycleRunning) {
      // Runs once the cycle in progress has committed (on what it left in the queue).
      return current.transform(previous -> runCycle(trigger, correlation));
    }
    if (queue.isEmpty()) {
      return Future.succeededFuture(null);
    }
    return start(new Cycle(queue, trigger, correlation)).map(Cycle::report);
  }

  /** What a cycle of one case made of it: the report, and the case's outcome (null when it was a duplicate). */
  public record SingleRun(CycleReport report, String outcome, CaseResult result, String reason) {
    public boolean duplicate() {
      return outcome == null;
    }
  }

  /**
   * Runs one case outside the queue as a cycle of its own (a control action arriving on the bus): it is
   * deduplicated by its case id, processed, committed and reported like any cycle. Runs after a cycle in
   * progress, and also while paused: pausing stops the fixtures, not the operator.
   */
  public Future<SingleRun> runSingle(FixtureEntry.Valid entry, String trigger, Correlation correlation) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("the " + profile.runtime() + " runner is closed"));
    }
    if (cycleRunning) {
      return current.transform(previous -> runSingle(entry, trigger, correlation));
    }
    ArrayDeque<Queued> one = new ArrayDeque<>();
    one.add(new Queued(entry, null, 0));
    return start(new Cycle(one, trigger, correlation)).map(cycle -> {
      Outcome o = cycle.outcomes.isEmpty() ? null : cycle.outcomes.get(0);
      return o == null ? new SingleRun(cycle.report, null, null, "already applied: case " + entry.caseId() + " was processed before")
          : new SingleRun(cycle.report, o.outcome(), o.result(), o.reason());
    });
  }

  private Future<Cycle> start(Cycle cycle) {
    cycleRunning = true;
    current = cycle.run().map(r -> cycle).onComplete(done -> cycleRunning = false).mapEmpty();
    return cycle.done.future().map(r -> cycle);
  }

  /** One cycle's work, from taking entries to the commit. */
  private final class Cycle {
    private final ArrayDeque<Queued> source;
    private final long cycleId = state.cycleCount() + 1;
    private final long startNanos = System.nanoTime();
    private final Instant startedAt = Instant.now();
    private final String trigger;
    private final Correlation correlation;
    private final int limit = state.queueLimit();
    private final int discovered;
    private final List<Queued> taken = new ArrayList<>();
    private final Set<String> takenIds = new HashSet<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<CaseNote> notes = new ArrayList<>();
    private final Promise<CycleReport> done = Promise.promise();
    private int processedCount;
    private int duplicates;
    private int malformed;
    private int retryAttempts;
    private CycleReport report;

    Cycle(ArrayDeque<Queued> source, String trigger, Correlation correlation) {
      this.source = source;
      this.discovered = source.size();
      this.trigger = trigger;
      this.correlation = correlation;
    }

    CycleReport report() {
      return report;
    }

    Future<CycleReport> run() {
      next();
      return done.future();
    }

    /** Takes entries until the limit; returns to the event loop only while a case is in flight. */
    private void next() {
      while (!source.isEmpty() && processedCount < limit) {
        Queued item = source.poll();
        taken.add(item);
        if (item.entry() instanceof FixtureEntry.Malformed bad) {
          malformed++;
          note(new CaseNote(bad.origin(), bad.caseId(), "malformed", bad.problem().field(), bad.problem().reason()));
          continue;
        }
        FixtureEntry.Valid valid = (FixtureEntry.Valid) item.entry();
        if (processed.contains(valid.caseId()) || !takenIds.add(valid.caseId())) {
          duplicates++;
          continue;
        }
        processedCount++;
        Future<Outcome> outcome = attempt(valid, 1);
        if (outcome.isComplete()) {
          outcomes.add(outcome.result());
          continue;
        }
        outcome.onComplete(ar -> {
          outcomes.add(ar.result());
          next();
        });
        return;
      }
      commit();
    }

    /** One attempt; never fails: a failure becomes an outcome. */
    private Future<Outcome> attempt(FixtureEntry.Valid testCase, int attemptNo) {
      Future<CaseResult> result;
      if (attemptNo <= testCase.transientFailures()) {
        result = Future.succeededFuture(CaseResult.transientFailure(
            "simulated transient failure " + attemptNo + " of " + testCase.transientFailures()));
      } else {
        try {
          result = profile.processor().process(testCase, attemptNo, correlation);
        } catch (RuntimeException e) {
          result = Future.failedFuture(e);
        }
      }
      return result.transform(ar -> {
        if (ar.failed()) {
          return Future.succeededFuture(new Outcome(testCase, OutputRecord.FAILED, attemptNo, null,
              "processing failed: " + ar.cause().getMessage()));
        }
        CaseResult r = ar.result();
        if (r.transientFailure()) {
          if (attemptNo < retry.maxAttempts()) {
            retryAttempts++;
            long delay = retry.delayBefore(attemptNo + 1);
            return delay == 0 ? attempt(testCase, attemptNo + 1)
                : vertx.timer(delay).compose(t -> attempt(testCase, attemptNo + 1));
          }
          return Future.succeededFuture(new Outcome(testCase, OutputRecord.RETRYABLE_FAILURE, attemptNo, r,
              "retries exhausted after " + attemptNo + " attempt(s): " + r.body().getString("error")));
        }
        return Future.succeededFuture(testCase.expect().mismatch(r)
            .map(why -> new Outcome(testCase, OutputRecord.FAILED, attemptNo, r, why))
            .orElseGet(() -> new Outcome(testCase, OutputRecord.SUCCEEDED, attemptNo, r, null)));
      });
    }

    private void note(CaseNote note) {
      if (notes.size() < CycleReport.MAX_NOTES) {
        notes.add(note);
      }
    }

    private void commit() {
      int succeeded = 0;
      int failed = 0;
      int hardFailures = 0;
      int retryable = 0;
      Map<String, Integer> runtimeCounts = new TreeMap<>();
      Map<String, List<OutputRecord>> outputs = new LinkedHashMap<>();
      String now = Instant.now().toString();
      for (Outcome o : outcomes) {
        switch (o.outcome()) {
          case OutputRecord.SUCCEEDED -> succeeded++;
          case OutputRecord.RETRYABLE_FAILURE -> {
            failed++;
            retryable++;
          }
          default -> {
            failed++;
            hardFailures++;
          }
        }
        if (!o.outcome().equals(OutputRecord.SUCCEEDED)) {
          note(new CaseNote(o.testCase().origin(), o.testCase().caseId(), o.outcome(), null, o.reason()));
        }
        if (o.result() != null) {
          for (ReasonCode code : o.result().reasonCodes()) {
            runtimeCounts.merge(code.code(), 1, Integer::sum);
          }
        }
        outputs.computeIfAbsent(o.testCase().channelId(), k -> new ArrayList<>()).add(new OutputRecord(
            MeshMessage.SCHEMA_VERSION, o.testCase().caseId(), o.testCase().channelId(), cycleId, "fixture",
            correlation.requestId(), o.outcome(), o.attempts(), o.result() == null ? 0 : o.result().status(),
            o.result() == null || o.result().body() == null ? null : o.result().body().getMap(), o.reason(), now));
      }
      int queueDepth = queue.size();
      CycleCounts counts = new CycleCounts(discovered, processedCount, succeeded, failed, retryAttempts, retryable,
          duplicates, malformed, queueDepth);

      EnumSet<ReasonCode> codes = EnumSet.noneOf(ReasonCode.class);
      if (queueDepth > 0) {
        codes.add(ReasonCode.QUEUE_BACKPRESSURE_APPLIED);
      }
      if (duplicates > 0) {
        codes.add(ReasonCode.DUPLICATE_CASES_SKIPPED);
      }
      if (malformed > 0) {
        codes.add(ReasonCode.MALFORMED_INPUTS_OBSERVED);
      }
      if (retryAttempts > 0) {
        codes.add(ReasonCode.RETRY_ATTEMPTED);
      }
      if (retryable > 0) {
        codes.add(ReasonCode.RETRYABLE_FAILURES_OBSERVED);
      }
      if (hardFailures > 0) {
        codes.add(ReasonCode.CASE_PROCESSING_FAILED);
      }
      if (codes.isEmpty()) {
        codes.add(ReasonCode.HEALTHY_CYCLE);
      }
      runtimeCounts.keySet().forEach(code -> ReasonCode.byCode(code).ifPresent(codes::add));

      int streak = failed > 0 ? state.failureStreak() + 1 : 0;
      HealthState.Classified health = HealthState.classify(streak, failed, retryAttempts, retryable, queueDepth);
      RolloutPolicy.Decision gate = profile.policy().decide(
          new RolloutPolicy.Signals(health.state(), streak, failed, retryable, queueDepth));
      long durationMs = (System.nanoTime() - startNanos) / 1_000_000;
      List<String> codeNames = codes.stream().map(ReasonCode::code).toList();
      report = new CycleReport(MeshMessage.SCHEMA_VERSION, profile.runtime(), cycleId, startedAt.toString(),
          startedAt.toEpochMilli(), durationMs, trigger, correlation.requestId(), correlation.traceparent(), codeNames,
          counts, runtimeCounts, health.state().code(), health.reason(), streak, gate.gate().code(), gate.reasonCode(),
          List.copyOf(notes));

      Map<String, Long> reasonCounts = new TreeMap<>(state.reasonCodeCounts());
      codeNames.forEach(c -> reasonCounts.merge(c, 1L, Long::sum));
      Map<String, FixtureCursor> nextCursors = new LinkedHashMap<>(cursors);
      Map<String, Integer> firstWaiting = new HashMap<>();
      for (Queued q : queue) {
        if (q.fixtureKey() != null) {
          firstWaiting.merge(q.fixtureKey(), q.index(), Math::min);
        }
      }
      nextCursors.replaceAll((k, c) -> new FixtureCursor(c.path(), c.sha256(),
          Math.max(c.nextIndex(), firstWaiting.getOrDefault(k, c.size())), c.size()));
      RunnerState next = new RunnerState(MeshMessage.SCHEMA_VERSION, profile.runtime(), cycleId, health.state().code(),
          health.reason(), streak, failed, retryable, retryAttempts, queueDepth, state.queueLimit(), gate.gate().code(),
          gate.reasonCode(), gate.breaches(), profile.policy().describe().getMap(), state.paused(), startedAt.toString(),
          startedAt.toEpochMilli(), durationMs, state.counters().plus(counts), reasonCounts,
          List.copyOf(nextCursors.values()), report);

      vertx.executeBlocking(() -> {
        store.commit(outputs, next, report);
        return null;
      }).onComplete(ar -> {
        if (ar.failed()) {
          for (int i = taken.size() - 1; i >= 0; i--) {
            source.addFirst(taken.get(i));
          }
          done.fail(new IOException("cycle " + cycleId + " could not be committed: " + ar.cause().getMessage(), ar.cause()));
          return;
        }
        state = next;
        cursors.clear();
        cursors.putAll(nextCursors);
        processed.addAll(takenIds);
        outputs.forEach((channel, records) -> channelRecords.merge(channel, records.size(), Integer::sum));
        for (Consumer<CycleReport> listener : listeners) {
          listener.accept(report);
        }
        done.complete(report);
      });
    }
  }

  private static String key(String path, String sha) {
    return path + "|" + sha;
  }

  /** The context the runner belongs to. */
  public Context context() {
    return context;
  }
}

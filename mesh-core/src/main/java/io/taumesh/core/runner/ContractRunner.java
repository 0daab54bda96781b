package io.taumesh.core.runner;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.files.StateDirLock;
import io.taumesh.core.files.StateFs;
import io.taumesh.core.security.PathConfinement;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private final Vertx vertx;
  private final Context context;
  private final RuntimeProfile profile;
  private final StateStore store;
  private final FixtureLoader loader;
  private final RetryPolicy retry;
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private final CaseIdSet processed;
  private final Map<String, Long> channelRecords;
  /** Ids committed since the last checkpoint: the next one appends them to the case index. */
  private final List<String> unindexed;
  private long caseIndexBytes;
  private long checkpointedCycle;
  private final Map<String, FixtureCursor> cursors = new LinkedHashMap<>();
  private final List<Consumer<CycleReport>> listeners = new CopyOnWriteArrayList<>();
  private final StateDirLock lock;
  private final PathConfinement replayable;
  private RunnerState state;
  /** Set while commits fail for the state dir; cleared by the next commit that succeeds. */
  private volatile StorageFault storageFault;
  private boolean cycleRunning;
  private boolean closed;
  private Future<Void> current = Future.succeededFuture();

  private ContractRunner(Vertx vertx, Context context, RuntimeProfile profile, StateStore store, RetryPolicy retry,
      RunnerState state, History history, StateDirLock lock, Path fixturesDir) {
    this.vertx = vertx;
    this.lock = lock;
    this.replayable = new PathConfinement(fixturesDir, REPLAY_FIELD);
    this.context = context;
    this.profile = profile;
    this.store = store;
    this.loader = new FixtureLoader(profile);
    this.retry = retry;
    this.state = state;
    this.processed = history.processed();
    this.channelRecords = new HashMap<>(history.recordsPerChannel());
    this.unindexed = new ArrayList<>();
    this.caseIndexBytes = history.checkpoint().caseIndexBytes();
    this.checkpointedCycle = history.checkpoint().cycleId();
    state.fixtureCursors().forEach(c -> cursors.put(key(c.path(), c.sha256()), c));
  }

  /** Checkpoint after this many committed case ids, or this many cycles, whichever comes first. */
  static final int CHECKPOINT_CASES = 4096;
  static final int CHECKPOINT_CYCLES = 1000;

  /** What a start restores from the state dir: every processed id, each channel's records, the checkpoint it began from. */
  private record History(CaseIdSet processed, Map<String, Long> recordsPerChannel, RunnerCheckpoint checkpoint) {
  }

  /**
   * Takes the state dir (creating it) for this runner alone, repairs what a crash left, and restores what the
   * history holds (the processed case ids, each channel's records) from the last checkpoint and what was
   * written after it, so that a start costs the same however long the history. The stored state continues:
   * nothing already counted is counted again. Fails, naming the dir and the holder's pid, when another
   * runner owns the dir.
   */
  public static Future<ContractRunner> open(Vertx vertx, RuntimeProfile profile, RunnerSettings settings) {
    return open(vertx, profile, settings, StateFs.DISK);
  }

  /** As above, with every write of the state dir going through {@code fs} (a test's crashing file system). */
  static Future<ContractRunner> open(Vertx vertx, RuntimeProfile profile, RunnerSettings settings, StateFs fs) {
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
        StateStore store = new StateStore(settings.stateDir(), profile.runtime(), settings.retention(), fs);
        RunnerState stored = store.loadState()
            .orElseGet(() -> RunnerState.initial(profile.runtime(), settings.queueLimit(), profile.policy()));
        History history;
        RunnerState state;
        try {
          store.recover(stored);
          history = restore(store, stored.cycleCount());
          state = stored.withQueueLimit(settings.queueLimit()).withPaused(false)
              .reevaluated(stored.failureStreak(), profile.policy());
          store.writeState(state);
        } catch (IOException e) {
          StorageFault fault = StorageFault.of(settings.stateDir(), e, Instant.now().toString()).orElseThrow();
          throw new StateException(fault.describe(), e);
        }
        return new ContractRunner(vertx, context, profile, store, settings.retry(), state, history, lock,
            settings.fixturesDir());
      } catch (Exception | Error e) {
        lock.close();
        throw e;
      }
    });
  }

  /** Blocking. The history from the checkpoint on; what was written since is checkpointed at once. */
  private static History restore(StateStore store, long committedCycle) throws IOException {
    RunnerCheckpoint checkpoint = store.loadCheckpoint();
    if (checkpoint.cycleId() > committedCycle) {
      checkpoint = RunnerCheckpoint.NONE; // not this state's: read everything again
    }
    CaseIdSet processed = store.readCaseIndex(checkpoint);
    ChannelStore.Recovered recovered = store.channels().recover(committedCycle, checkpoint);
    recovered.caseIdsSinceCheckpoint().forEach(processed::add);
    if (!recovered.caseIdsSinceCheckpoint().isEmpty() || checkpoint.cycleId() < committedCycle) {
      store.checkpoint(committedCycle, checkpoint.caseIndexBytes(), recovered.caseIdsSinceCheckpoint());
      checkpoint = store.loadCheckpoint();
    }
    return new History(processed, recovered.recordsPerChannel(), checkpoint);
  }

  /** No cycle starts after this; completes once a cycle in progress has committed (or failed to). */
  public Future<Void> stopCycles() {
    closed = true;
    return current.otherwiseEmpty();
  }

  /** Stops cycles, checkpoints what came since the last checkpoint, then releases the state dir for the next owner. */
  public Future<Void> close() {
    return stopCycles().compose(v -> {
      List<String> ids = List.copyOf(unindexed);
      long cycle = state.cycleCount();
      boolean due = !ids.isEmpty() || cycle > checkpointedCycle;
      long indexBytes = caseIndexBytes;
      return vertx.executeBlocking(() -> {
        try {
          if (due) {
            store.checkpoint(cycle, indexBytes, ids);
          }
        } finally {
          lock.close();
        }
        return null;
      });
    });
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

  /** Why the last commits failed, while they do (a full or read-only state dir); null when the dir takes writes. */
  public StorageFault storageFault() {
    return storageFault;
  }

  /** How many committed records a channel has (a runtime numbers its channel's outputs from this). */
  public int channelRecords(String channelId) {
    return channelRecords.getOrDefault(channelId, 0L).intValue();
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

  /** The field of a replay action that names its fixture. */
  static final String REPLAY_FIELD = "fixture";

  /**
   * Queues a whole fixture again (a {@code replay_fixture} action): {@code given} must name a file inside the
   * configured fixtures dir, after {@code ../} and links are resolved; anything else fails with a
   * {@link FieldError} naming {@code fixture}, and nothing is read.
   */
  public Future<Integer> replay(Object given) {
    return vertx.executeBlocking(() -> replayable.resolve(given)).compose(path -> enqueue(List.of(path), true));
  }

  /** The directory replays are confined to. */
  public Path fixturesDir() {
    return replayable.root();
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

  /**
   * Records work that came in outside a cycle (an HTTP or event-bus request) in the channel store. It waits
   * for a cycle in progress to commit, so that the lines of a cycle that never commits always end a channel's
   * log, where a start cuts them off without touching acknowledged work.
   */
  public Future<Void> recordOutside(OutputRecord record) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("the " + profile.runtime() + " runner is closed"));
    }
    if (cycleRunning) {
      return current.transform(previous -> recordOutside(record));
    }
    cycleRunning = true;
    Future<Void> write = vertx.executeBlocking(() -> {
      store.channels().append(Map.of(record.channelId(), List.of(record)));
      return null;
    }).onSuccess(v -> {
      channelRecords.merge(record.channelId(), 1L, Long::sum);
      if (record.caseId() != null) {
        processed.add(record.caseId());
        unindexed.add(record.caseId());
      }
    }).mapEmpty();
    current = write.otherwiseEmpty().onComplete(done -> cycleRunning = false);
    return write;
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
  public record SingleRun(CycleReport report, CaseOutcome outcome, CaseResult result, String reason) {
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
      CaseRun o = cycle.runs.isEmpty() ? null : cycle.runs.get(0);
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
    private final int limit = state.queue().queueLimit();
    private final int discovered;
    private final List<Queued> taken = new ArrayList<>();
    private final Set<String> takenIds = new HashSet<>();
    private final List<CaseRun> runs = new ArrayList<>();
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
          note(new CaseNote(bad.origin(), bad.caseId(), CaseOutcome.MALFORMED, bad.problem().field(), bad.problem().reason()));
          continue;
        }
        FixtureEntry.Valid valid = (FixtureEntry.Valid) item.entry();
        if (processed.contains(valid.caseId()) || !takenIds.add(valid.caseId())) {
          duplicates++;
          continue;
        }
        processedCount++;
        Future<CaseRun> run = attempt(valid, 1);
        if (run.isComplete()) {
          runs.add(run.result());
          continue;
        }
        run.onComplete(ar -> {
          runs.add(ar.result());
          next();
        });
        return;
      }
      commit();
    }

    /** One attempt; never fails: a failure becomes an outcome. */
    private Future<CaseRun> attempt(FixtureEntry.Valid testCase, int attemptNo) {
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
          return Future.succeededFuture(new CaseRun(testCase, CaseOutcome.FAILED, attemptNo, null,
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
          return Future.succeededFuture(new CaseRun(testCase, CaseOutcome.RETRYABLE_FAILURE, attemptNo, r,
              "retries exhausted after " + attemptNo + " attempt(s): " + r.body().getString("error")));
        }
        return Future.succeededFuture(testCase.expect().mismatch(r)
            .map(why -> new CaseRun(testCase, CaseOutcome.FAILED, attemptNo, r, why))
            .orElseGet(() -> new CaseRun(testCase, CaseOutcome.SUCCEEDED, attemptNo, r, null)));
      });
    }

    private void note(CaseNote note) {
      if (notes.size() < CycleReport.MAX_NOTES) {
        notes.add(note);
      }
    }

    private void commit() {
      CycleTrace trace = new CycleTrace(correlation.requestId(), correlation.traceparent());
      CycleOutcome outcome = CycleOutcome.tally(new CycleOutcome.Work(discovered, processedCount, duplicates, malformed,
          retryAttempts, queue.size(), runs, notes), cycleId, trace, Instant.now().toString());
      Map<String, FixtureCursor> nextCursors = cursorsAfter();
      CycleTiming timing = new CycleTiming(startedAt.toString(), startedAt.toEpochMilli(), (System.nanoTime() - startNanos) / 1_000_000);
      StateTransition transition = StateTransition.of(state, profile.policy(), cycleId, timing, trigger, trace, outcome,
          List.copyOf(nextCursors.values()));
      report = transition.report();
      List<String> newIds = runs.stream().map(run -> run.testCase().caseId()).toList();
      boolean checkpointDue = unindexed.size() + newIds.size() >= CHECKPOINT_CASES || cycleId - checkpointedCycle >= CHECKPOINT_CYCLES;
      List<String> toIndex = checkpointDue ? concat(unindexed, newIds) : List.of();
      long indexBytes = caseIndexBytes;
      vertx.executeBlocking(() -> {
        store.commit(outcome.outputs(), transition.next(), report);
        return checkpointDue ? store.checkpoint(cycleId, indexBytes, toIndex) : -1L;
      }).onComplete(ar -> {
        if (ar.failed()) {
          for (int i = taken.size() - 1; i >= 0; i--) {
            source.addFirst(taken.get(i));
          }
          // Nothing counts until the commit succeeds: the entries wait in the queue for the next cycle.
          StorageFault fault = StorageFault.of(store.dir(), ar.cause(), Instant.now().toString()).orElse(null);
          if (fault != null && storageFault == null) {
            storageFault = fault;
          }
          String why = fault == null ? ar.cause().getMessage() : fault.describe();
          done.fail(new IOException("cycle " + cycleId + " could not be committed: " + why, ar.cause()));
          return;
        }
        storageFault = null;
        state = transition.next();
        cursors.clear();
        cursors.putAll(nextCursors);
        newIds.forEach(processed::add);
        if (checkpointDue) {
          unindexed.clear();
          caseIndexBytes = ar.result();
          checkpointedCycle = cycleId;
        } else {
          unindexed.addAll(newIds);
        }
        outcome.outputs().forEach((channel, records) -> channelRecords.merge(channel, (long) records.size(), Long::sum));
        for (Consumer<CycleReport> listener : listeners) {
          listener.accept(report);
        }
        done.complete(report);
      });
    }

    /** Each fixture's cursor moved up to its first entry still waiting in the queue. */
    private Map<String, FixtureCursor> cursorsAfter() {
      Map<String, Integer> firstWaiting = new HashMap<>();
      for (Queued q : queue) {
        if (q.fixtureKey() != null) {
          firstWaiting.merge(q.fixtureKey(), q.index(), Math::min);
        }
      }
      Map<String, FixtureCursor> next = new LinkedHashMap<>(cursors);
      next.replaceAll((k, c) -> new FixtureCursor(c.path(), c.sha256(),
          Math.max(c.nextIndex(), firstWaiting.getOrDefault(k, c.size())), c.size()));
      return next;
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a.size() + b.size());
    all.addAll(a);
    all.addAll(b);
    return all;
  }

  private static String key(String path, String sha) {
    return path + "|" + sha;
  }

  /** The context the runner belongs to. */
  public Context context() {
    return context;
  }
}

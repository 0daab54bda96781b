package io.taumesh.launcher.drill;

import io.taumesh.core.runner.ChannelStore;
import io.taumesh.core.runner.LogRetention;
import io.taumesh.core.runner.SegmentedLog;
import io.taumesh.core.runner.StateStore;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The restart/reconnect chaos drill. A mesh of standalone service processes (gateway, dashboard, web UI,
 * relay; and, when the plan has it, an all-in-one node of a cluster of its own) runs under a steady, bounded
 * load: fixture cycles on an interval in both runners, control actions from the bridge and the relay socket,
 * two browser-like bridge subscribers and two relay subscribers. Faults are injected one after the other (see
 * {@link FaultKind}); after each, the drill restarts what died, as a service manager would, and measures how
 * long the mesh took to recover: the service back and its address served, subscribers resynced, the relay link
 * connected. At the end the load stops and the budgets are checked: no acknowledged control action lost or
 * applied twice, every runtime event once, no case twice in any channel, every subscriber's views equal to a
 * fresh snapshot, each paused member back within 15 s of resuming, recovery p99 within its budget.
 */
public final class RestartReconnectDrill {

  /** How long a paused member stays stopped: past the 5 s failure detection. */
  static final long PAUSE_MS = 7_000;
  /** A paused member is back in the mesh within this of SIGCONT. */
  static final long PAUSE_HEAL_BUDGET_MS = 15_000;
  /** Recovery p99 of the faults: set from the measured runs (docs/reports/restart-reconnect.md). */
  static final long RECOVERY_P99_BUDGET_MS = 20_000;
  /** A fault the mesh has not recovered from in this long is a miss, and the drill stops. */
  static final long RECOVERY_LIMIT_MS = 60_000;
  static final String TOKEN = "drill-operator-token-7c1d";

  /** One fault of the plan. */
  public record Fault(FaultKind kind, DrillTarget target) {
  }

  /** What one fault cost. */
  record Outcome(int n, Fault fault, long recoveryMs, long resyncMs, long linkMs, long healMs, int restarts) {
  }

  /** One budget and whether it held. */
  public record Budget(String name, String measured, boolean held) {
  }

  /** The result of a drill: the faults, the budgets, and the report text. */
  public record Result(List<Budget> budgets, String report) {
    public boolean passed() {
      return budgets.stream().allMatch(Budget::held);
    }
  }

  private final List<Fault> plan;
  private final Path work;
  private final long seed;
  private final Random random;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<DrillTarget, DrillMember> members = new EnumMap<>(DrillTarget.class);
  private final List<BridgeSubscriber> bridgeSubscribers = new ArrayList<>();
  private final List<RelaySubscriber> relaySubscribers = new ArrayList<>();
  private final Map<String, JsonObject> answers = new ConcurrentHashMap<>();
  private final List<Outcome> outcomes = new ArrayList<>();
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private Path socket;
  private int uiPort;
  private volatile boolean loading = true;
  private Thread load;
  private long startedNanos;

  public RestartReconnectDrill(List<Fault> plan, Path work, long seed) {
    this.plan = List.copyOf(plan);
    this.work = work;
    this.seed = seed;
    this.random = new Random(seed);
  }

  /** Every kind of fault on every target it applies to, in an order shuffled by the seed, repeated to {@code count}. */
  public static List<Fault> fullPlan(int count, long seed) {
    List<Fault> kinds = new ArrayList<>();
    for (DrillTarget t : DrillTarget.values()) {
      kinds.add(new Fault(FaultKind.SIGKILL, t));
      kinds.add(new Fault(FaultKind.SIGTERM, t));
      if (t != DrillTarget.ALL_IN_ONE) {
        kinds.add(new Fault(FaultKind.PAUSE, t));
      }
    }
    kinds.add(new Fault(FaultKind.MID_CYCLE_KILL, DrillTarget.GATEWAY));
    kinds.add(new Fault(FaultKind.MID_CYCLE_KILL, DrillTarget.DASHBOARD));
    Random random = new Random(seed);
    List<Fault> plan = new ArrayList<>();
    while (plan.size() < count) {
      List<Fault> round = new ArrayList<>(kinds);
      Collections.shuffle(round, random);
      plan.addAll(round);
    }
    return plan.subList(0, count);
  }

  /** A few faults of each kind on the standalone services: the shortened drill of {@code mvn verify}. */
  public static List<Fault> shortPlan() {
    return List.of(new Fault(FaultKind.SIGKILL, DrillTarget.GATEWAY), new Fault(FaultKind.SIGTERM, DrillTarget.DASHBOARD),
        new Fault(FaultKind.SIGKILL, DrillTarget.RELAY), new Fault(FaultKind.MID_CYCLE_KILL, DrillTarget.DASHBOARD),
        new Fault(FaultKind.SIGKILL, DrillTarget.WEBUI), new Fault(FaultKind.PAUSE, DrillTarget.GATEWAY),
        new Fault(FaultKind.SIGTERM, DrillTarget.RELAY), new Fault(FaultKind.MID_CYCLE_KILL, DrillTarget.GATEWAY));
  }

  public Result run() throws Exception {
    startedNanos = System.nanoTime();
    try {
      startMesh();
      for (int i = 0; i < plan.size(); i++) {
        Outcome outcome = inject(i + 1, plan.get(i));
        outcomes.add(outcome);
        note("fault %d/%d %s %s: recovered in %d ms%s%s%s", i + 1, plan.size(), outcome.fault().kind(), outcome.fault().target().id(),
            outcome.recoveryMs(), outcome.resyncMs() >= 0 ? ", subscribers resynced in " + outcome.resyncMs() + " ms" : "",
            outcome.linkMs() >= 0 ? ", link connected in " + outcome.linkMs() + " ms" : "",
            outcome.healMs() >= 0 ? ", back in the mesh " + outcome.healMs() + " ms after SIGCONT" : "");
        if (outcome.recoveryMs() < 0) {
          break; // not recovered: the rest would measure nothing
        }
      }
      return check();
    } finally {
      loading = false;
      if (load != null) {
        load.join(15_000);
      }
      for (BridgeSubscriber s : bridgeSubscribers) {
        s.close();
      }
      for (RelaySubscriber s : relaySubscribers) {
        s.close();
      }
      for (DrillMember m : members.values()) {
        m.close();
      }
    }
  }

  private void note(String format, Object... args) {
    String line = String.format(format, args);
    log.add(line);
    System.out.println("drill: " + line);
  }

  // ---------------------------------------------------------------- the mesh

  private void startMesh() throws Exception {
    Files.createDirectories(work);
    socket = work.resolve("run").resolve("relay.sock");
    uiPort = freePort();
    String cluster = TestClusters.uniqueName("drill");
    int[] memberPorts = IntStream.range(0, 4).map(i -> freePortQuietly()).toArray();
    String seeds = String.join(",", IntStream.of(memberPorts).mapToObj(p -> "127.0.0.1:" + p).toList());
    Path gatewayFixture = fixture("gateway", "actor_id", 40_000, i -> new JsonObject().put("request",
        new JsonObject().put("kind", "message").put("text", "load " + i)).put("expect", new JsonObject().put("status", 202)));
    Path dashboardFixture = fixture("dashboard", "channel_id", 40_000, i -> new JsonObject().put("widget",
        new JsonObject().put("id", "drill-" + (i % 5)).put("kind", "status").put("data", new JsonObject().put("n", i))));
    List<String> node = List.of("--cluster-name", cluster, "--cluster-members", seeds, "--event-loops", "1");
    members.put(DrillTarget.GATEWAY, member(DrillTarget.GATEWAY, "tau.jar.gateway", memberPorts[0], node,
        "--gateway-state-dir", work.resolve("gateway").toString(), "--gateway-fixture", gatewayFixture.toString(),
        "--gateway-queue-limit", "5", "--gateway-cycle-interval-ms", "100", "--gateway-log-segment-bytes", "262144",
        "--gateway-log-retain-segments", "100000"));
    members.put(DrillTarget.DASHBOARD, member(DrillTarget.DASHBOARD, "tau.jar.dashboard", memberPorts[1], node,
        "--dashboard-state-dir", work.resolve("dashboard").toString(), "--dashboard-fixture", dashboardFixture.toString(),
        "--dashboard-queue-limit", "5", "--dashboard-cycle-interval-ms", "150", "--dashboard-log-segment-bytes", "262144",
        "--dashboard-log-retain-segments", "100000"));
    members.put(DrillTarget.WEBUI, member(DrillTarget.WEBUI, "tau.jar.webui", memberPorts[2], node,
        "--ui-port", String.valueOf(uiPort), "--ui-token", TOKEN));
    members.put(DrillTarget.RELAY, member(DrillTarget.RELAY, "tau.jar.relay", memberPorts[3], node,
        "--dashboard-path", socket.toString()));
    for (DrillTarget t : List.of(DrillTarget.GATEWAY, DrillTarget.DASHBOARD, DrillTarget.WEBUI, DrillTarget.RELAY)) {
      members.get(t).start();
    }
    if (plan.stream().anyMatch(f -> f.target() == DrillTarget.ALL_IN_ONE)) {
      Path own = work.resolve("all-in-one");
      DrillMember allInOne = new DrillMember(DrillTarget.ALL_IN_ONE, jar("tau.jar.launcher"), freePort(), List.of(
          "--cluster-name", TestClusters.uniqueName("drill-aio"), "--cluster-port", "0", "--cluster-members", "none",
          "--gateway-state-dir", own.resolve("gateway").toString(), "--dashboard-state-dir", own.resolve("dashboard").toString(),
          "--dashboard-path", own.resolve("run").resolve("relay.sock").toString()));
      members.put(DrillTarget.ALL_IN_ONE, allInOne);
      allInOne.start();
    }
    await("the mesh formed", 60_000, () -> standalone().stream().allMatch(m -> memberCount(m) == 4));
    for (int i = 0; i < 2; i++) {
      bridgeSubscribers.add(new BridgeSubscriber("page-" + i, uiPort));
      relaySubscribers.add(new RelaySubscriber("client-" + i, socket));
    }
    await("subscribers synced", 30_000, () -> bridgeSubscribers.stream().allMatch(s -> s.replica().resyncs() > 0)
        && relaySubscribers.stream().allMatch(s -> s.replica().resyncs() > 0));
    load = new Thread(this::controlLoad, "drill-control-load");
    load.setDaemon(true);
    load.start();
    note("mesh up: 4 standalone members%s, 2 bridge and 2 relay subscribers, control actions every 300 ms (seed %d)",
        members.containsKey(DrillTarget.ALL_IN_ONE) ? " and an all-in-one node" : "", seed);
  }

  private DrillMember member(DrillTarget target, String jarProperty, int clusterPort, List<String> node, String... own)
      throws IOException {
    List<String> args = new ArrayList<>(node);
    args.addAll(List.of("--cluster-port", String.valueOf(clusterPort)));
    args.addAll(List.of(own));
    return new DrillMember(target, jar(jarProperty), freePort(), args);
  }

  private List<DrillMember> standalone() {
    return members.values().stream().filter(m -> m.target() != DrillTarget.ALL_IN_ONE).toList();
  }

  private Path fixture(String runtime, String channelField, int cases, java.util.function.IntFunction<JsonObject> body)
      throws IOException {
    JsonArray all = new JsonArray();
    for (int i = 0; i < cases; i++) {
      all.add(body.apply(i).put("case_id", runtime + "-" + i).put(channelField, "ch-" + (i % 4)));
    }
    Path file = work.resolve(runtime + "-load.json");
    Files.writeString(file, new JsonObject().put("schema_version", 1).put("runtime", runtime).put("cases", all).encode());
    return file;
  }

  // ---------------------------------------------------------------- load

  /** Control actions, alternately through the bridge and the relay, each with a key of its own; unanswered ones are sent again. */
  private void controlLoad() {
    ControlSender sender = new ControlSender(uiPort, TOKEN, socket);
    int n = 0;
    List<String> unanswered = new ArrayList<>();
    while (loading) {
      String key;
      if (!unanswered.isEmpty() && n % 3 == 0) {
        key = unanswered.remove(0);
      } else {
        key = "drill-" + (++n);
      }
      int limit = 3 + Math.floorMod(key.hashCode(), 6);
      JsonObject action = new JsonObject().put("target", "gateway").put("action", "set_queue_limit").put("queue_limit", limit)
          .put("idempotency_key", key);
      JsonObject answer = Math.floorMod(key.hashCode(), 2) == 0 ? sender.viaBridge(action) : sender.viaRelay(action);
      if (answer == null) {
        unanswered.add(key);
      } else {
        answers.merge(key, answer, (first, again) -> first);
      }
      sleep(300);
    }
  }

  // ---------------------------------------------------------------- faults

  private Outcome inject(int n, Fault fault) throws Exception {
    DrillMember member = members.get(fault.target());
    long faultAt = System.nanoTime();
    int restarts = 0;
    long healMs = -1;
    switch (fault.kind()) {
      case SIGKILL -> {
        member.process().kill();
        member.process().awaitExit(Duration.ofSeconds(30));
        member.startNoWait();
      }
      case SIGTERM -> {
        member.process().terminate();
        member.process().awaitExit(Duration.ofSeconds(60));
        member.startNoWait();
      }
      case MID_CYCLE_KILL -> {
        Path events = work.resolve(fault.target() == DrillTarget.GATEWAY ? "gateway" : "dashboard").resolve(StateStore.EVENTS);
        long size = Files.size(events);
        await("a new cycle of " + fault.target().id(), 30_000, () -> sizeOf(events) != size);
        sleep(random.nextInt(40)); // somewhere within the next cycle's work and commit
        faultAt = System.nanoTime();
        member.process().kill();
        member.process().awaitExit(Duration.ofSeconds(30));
        member.startNoWait();
      }
      case PAUSE -> {
        member.process().signal("STOP");
        try {
          sleep(PAUSE_MS);
        } finally {
          member.process().signal("CONT");
        }
        faultAt = System.nanoTime();
      }
    }
    long resumedAt = faultAt;
    Recovery recovery = awaitRecovery(member, faultAt);
    restarts = recovery.restarts();
    if (fault.kind() == FaultKind.PAUSE) {
      healMs = recovery.backMs();
    }
    long resyncMs = -1;
    long linkMs = -1;
    if (fault.target() == DrillTarget.WEBUI || (fault.target() == DrillTarget.RELAY)) {
      List<ViewReplica> replicas = fault.target() == DrillTarget.WEBUI
          ? bridgeSubscribers.stream().map(BridgeSubscriber::replica).toList()
          : relaySubscribers.stream().map(RelaySubscriber::replica).toList();
      if (fault.kind() != FaultKind.PAUSE || fault.target() == DrillTarget.WEBUI) {
        long since = fault.kind() == FaultKind.PAUSE ? resumedAt : faultAt;
        boolean synced = awaitQuietly(30_000, () -> replicas.stream().allMatch(r -> r.lastResyncNanos() > since));
        resyncMs = synced ? Duration.ofNanos(replicas.stream().mapToLong(ViewReplica::lastResyncNanos).max().orElse(since) - since)
            .toMillis() : -1;
      }
    }
    if (fault.target() == DrillTarget.RELAY) {
      long pid = member.pid();
      boolean linked = awaitQuietly(30_000, () -> bridgeSubscribers.stream().allMatch(s -> s.lastLink().getBoolean("connected", false)
          && s.lastLink().getLong("pid", -1L) == pid));
      linkMs = linked ? Duration.ofNanos(System.nanoTime() - faultAt).toMillis() : -1;
    }
    sleep(500); // let the load run between faults
    return new Outcome(n, fault, recovery.backMs(), resyncMs, linkMs, healMs, restarts);
  }

  private record Recovery(long backMs, int restarts) {
  }

  /**
   * Waits until the member is back: ready, its service's address served as seen from another member, and every
   * standalone member seeing all four; restarts it, as a service manager would, whenever its process has exited.
   */
  private Recovery awaitRecovery(DrillMember member, long since) throws Exception {
    int restarts = 0;
    long deadline = since + Duration.ofMillis(RECOVERY_LIMIT_MS).toNanos();
    while (System.nanoTime() < deadline) {
      if (!member.process().isAlive()) {
        note("%s exited (%s); restarting it", member.target().id(), lastLines(member));
        member.startNoWait();
        restarts++;
      }
      if (recovered(member)) {
        return new Recovery(Duration.ofNanos(System.nanoTime() - since).toMillis(), restarts);
      }
      sleep(100);
    }
    note("%s did not recover within %d ms", member.target().id(), RECOVERY_LIMIT_MS);
    return new Recovery(-1, restarts);
  }

  private static String lastLines(DrillMember member) {
    List<String> err = member.process().stderr();
    return err.isEmpty() ? "no output" : err.get(err.size() - 1);
  }

  private boolean recovered(DrillMember member) {
    if (status(member.opsUrl() + "/readiness") != 200) {
      return false;
    }
    if (member.target() == DrillTarget.ALL_IN_ONE) {
      return status(member.opsUrl() + "/mesh/status/gateway") == 200;
    }
    DrillMember other = standalone().stream().filter(m -> m != member).findFirst().orElseThrow();
    return status(other.opsUrl() + "/mesh/status/" + member.target().service()) == 200
        && standalone().stream().allMatch(m -> memberCount(m) == 4);
  }

  // ---------------------------------------------------------------- checks

  private Result check() throws Exception {
    loading = false;
    load.join(20_000);
    // Stop the fixture flow so that the views settle, then compare every subscriber with a fresh snapshot.
    ControlSender sender = new ControlSender(uiPort, TOKEN, socket);
    for (String runtime : List.of("gateway", "dashboard")) {
      JsonObject pause = new JsonObject().put("target", runtime).put("action", "pause").put("idempotency_key", "drill-stop-" + runtime);
      awaitQuietly(30_000, () -> sender.viaRelay(pause) != null);
    }
    String[] settled = {""};
    awaitQuietly(30_000, () -> {
      String now = ViewReplica.hashOf(views());
      boolean same = now.equals(settled[0]);
      settled[0] = now;
      sleep(1_000);
      return same;
    });
    // Compared with a snapshot taken at the same moment: an event already on its way when the runners were paused
    // may still change a view after the settling above.
    String[] truthNow = {settled[0]};
    boolean replicasEqual = awaitQuietly(30_000, () -> {
      truthNow[0] = ViewReplica.hashOf(views());
      return Stream.concat(bridgeSubscribers.stream().map(BridgeSubscriber::replica),
          relaySubscribers.stream().map(RelaySubscriber::replica)).allMatch(r -> r.hash().equals(truthNow[0]));
    });
    String truth = truthNow[0];
    List<String> replicaHashes = Stream.concat(bridgeSubscribers.stream().map(BridgeSubscriber::replica),
        relaySubscribers.stream().map(RelaySubscriber::replica)).map(ViewReplica::hash).toList();

    List<Budget> budgets = new ArrayList<>();
    budgets.add(new Budget("faults injected", outcomes.size() + " of " + plan.size(), outcomes.size() == plan.size()
        && outcomes.stream().allMatch(o -> o.recoveryMs() >= 0)));
    budgets.add(controlActions());
    budgets.add(eventLog("gateway"));
    budgets.add(eventLog("dashboard"));
    budgets.add(channelOutputs("gateway"));
    budgets.add(channelOutputs("dashboard"));
    budgets.add(new Budget("subscribers' views equal a fresh snapshot", "snapshot " + truth + "; subscribers " + replicaHashes,
        replicasEqual));
    List<Long> heals = outcomes.stream().filter(o -> o.healMs() >= 0).map(Outcome::healMs).toList();
    budgets.add(new Budget("a paused member back within " + PAUSE_HEAL_BUDGET_MS + " ms of SIGCONT",
        heals.isEmpty() ? "no pause" : "max " + Collections.max(heals) + " ms over " + heals.size() + " pauses",
        heals.stream().allMatch(h -> h <= PAUSE_HEAL_BUDGET_MS)));
    List<Long> recoveries = outcomes.stream().filter(o -> o.fault().kind() != FaultKind.PAUSE).map(Outcome::recoveryMs).toList();
    long p99 = percentile(recoveries, 99);
    budgets.add(new Budget("recovery p99 within " + RECOVERY_P99_BUDGET_MS + " ms", "p99 " + p99 + " ms over "
        + recoveries.size() + " kills and stops", p99 >= 0 && p99 <= RECOVERY_P99_BUDGET_MS));
    String report = report(budgets);
    return new Result(budgets, report);
  }

  /** The views a client that connects now gets: a snapshot through the relay. */
  private JsonArray views() {
    JsonObject snapshot = new ControlSender(uiPort, TOKEN, socket).snapshotViaRelay();
    return snapshot == null ? new JsonArray() : snapshot.getJsonArray("views", new JsonArray());
  }

  private Budget controlActions() throws IOException {
    Map<String, Integer> applied = new LinkedHashMap<>();
    Path operator = work.resolve("dashboard").resolve("channel-store").resolve("dashboard").resolve("operator")
        .resolve(ChannelStore.OUTPUTS);
    new SegmentedLog(operator, LogRetention.DEFAULT).forEach(line -> {
      String caseId = line.getString("case_id", "");
      if (caseId.startsWith("control:drill-") && !caseId.startsWith("control:drill-stop")) {
        applied.merge(caseId.substring("control:".length()), 1, Integer::sum);
      }
    });
    long accepted = answers.values().stream().filter(a -> "accepted".equals(a.getString("result"))).count();
    List<String> lost = answers.entrySet().stream().filter(e -> "accepted".equals(e.getValue().getString("result"))
        && !Boolean.TRUE.equals(e.getValue().getBoolean("duplicate")) && applied.getOrDefault(e.getKey(), 0) == 0)
        .map(Map.Entry::getKey).toList();
    List<String> twice = applied.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    // Why the others were rejected (a fault in the way), the commonest first: a reason without its numbers.
    Map<String, Long> why = new java.util.TreeMap<>();
    answers.values().stream().filter(a -> !"accepted".equals(a.getString("result")))
        .forEach(a -> why.merge(String.valueOf(a.getString("reason")).replaceAll("[0-9]+", "N"), 1L, Long::sum));
    String reasons = why.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
        .map(e -> e.getValue() + "x " + e.getKey()).collect(java.util.stream.Collectors.joining("; "));
    return new Budget("acknowledged control actions lost or applied twice", answers.size() + " answered (" + accepted
        + " accepted" + (reasons.isEmpty() ? "" : "; rejected: " + reasons) + "), " + applied.size() + " recorded; lost " + lost
        + ", twice " + twice, lost.isEmpty() && twice.isEmpty());
  }

  private Budget eventLog(String runtime) throws Exception {
    StateStore store = new StateStore(work.resolve(runtime), runtime, new LogRetention(262_144, 100_000));
    long committed = store.loadState().orElseThrow().cycleCount();
    List<Long> ids = new ArrayList<>();
    store.replayEvents(r -> ids.add(r.cycleId()));
    List<Long> expected = java.util.stream.LongStream.rangeClosed(1, committed).boxed().toList();
    return new Budget(runtime + " runtime events lost or duplicated", ids.size() + " lines for " + committed + " committed cycles",
        ids.equals(expected));
  }

  private Budget channelOutputs(String runtime) throws IOException {
    Map<String, Integer> perCase = new ConcurrentHashMap<>();
    Path root = work.resolve(runtime).resolve("channel-store").resolve(runtime);
    try (Stream<Path> channels = Files.list(root)) {
      for (Path channel : channels.toList()) {
        new SegmentedLog(channel.resolve(ChannelStore.OUTPUTS), LogRetention.DEFAULT).forEach(line -> {
          String id = line.getString("case_id");
          if (id != null) {
            perCase.merge(id, 1, Integer::sum);
          }
        });
      }
    }
    List<String> twice = perCase.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).limit(10).toList();
    return new Budget(runtime + " cases twice in a channel's outputs", perCase.size() + " cases recorded; twice: " + twice,
        twice.isEmpty());
  }

  static long percentile(List<Long> values, int p) {
    if (values.isEmpty() || values.contains(-1L)) {
      return -1;
    }
    List<Long> sorted = values.stream().sorted().toList();
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  // ---------------------------------------------------------------- report

  private String report(List<Budget> budgets) {
    StringBuilder md = new StringBuilder();
    long seconds = Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
    md.append("| budget | measured | held |\n| --- | --- | --- |\n");
    budgets.forEach(b -> md.append("| ").append(b.name()).append(" | ").append(b.measured().replace("|", "/")).append(" | ")
        .append(b.held() ? "yes" : "**no**").append(" |\n"));
    md.append("\nRecovery by fault, in ms (from the fault, or from SIGCONT for a pause, to the service back: ready, its address "
        + "served as seen from another member, every member seeing the whole mesh):\n\n");
    md.append("| fault | target | count | p50 | p95 | p99 | max | subscribers resynced (max) | relay link connected (max) |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    Map<Fault, List<Outcome>> byFault = new LinkedHashMap<>();
    outcomes.stream().sorted(java.util.Comparator.comparing((Outcome o) -> o.fault().kind()).thenComparing(o -> o.fault().target()))
        .forEach(o -> byFault.computeIfAbsent(o.fault(), f -> new ArrayList<>()).add(o));
    byFault.forEach((fault, list) -> {
      List<Long> r = list.stream().map(Outcome::recoveryMs).toList();
      long resync = list.stream().mapToLong(Outcome::resyncMs).max().orElse(-1);
      long link = list.stream().mapToLong(Outcome::linkMs).max().orElse(-1);
      md.append("| ").append(fault.kind().name().toLowerCase(java.util.Locale.ROOT)).append(" | ").append(fault.target().id())
          .append(" | ").append(list.size()).append(" | ").append(percentile(r, 50)).append(" | ").append(percentile(r, 95))
          .append(" | ").append(percentile(r, 99)).append(" | ").append(Collections.max(r)).append(" | ")
          .append(resync < 0 ? "-" : resync).append(" | ").append(link < 0 ? "-" : link).append(" |\n");
    });
    List<Long> all = outcomes.stream().map(Outcome::recoveryMs).toList();
    md.append("\nAll ").append(outcomes.size()).append(" faults: recovery p50 ").append(percentile(all, 50)).append(" ms, p95 ")
        .append(percentile(all, 95)).append(" ms, p99 ").append(percentile(all, 99)).append(" ms, max ")
        .append(all.isEmpty() ? "-" : String.valueOf(Collections.max(all))).append(" ms; restarts after a refused start: ")
        .append(outcomes.stream().mapToInt(Outcome::restarts).sum()).append(". Drill time ").append(seconds).append(" s, seed ")
        .append(seed).append(", run at ").append(Instant.now()).append(".\n");
    return md.toString();
  }

  // ---------------------------------------------------------------- helpers

  private int memberCount(DrillMember member) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(member.opsUrl() + "/cluster"))
          .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? new JsonObject(r.body()).getInteger("member_count") : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  private int status(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  private void await(String what, long ms, BooleanSupplier condition) {
    if (!awaitQuietly(ms, condition)) {
      throw new AssertionError("drill: " + what + " did not happen within " + ms + " ms");
    }
  }

  private static boolean awaitQuietly(long ms, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofMillis(ms).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      sleep(100);
    }
    return condition.getAsBoolean();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms); // the drill's own pacing: faults, load and polls of other processes
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path jar(String property) {
    return Path.of(System.getProperty(property, "missing-system-property-" + property));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int freePortQuietly() {
    try {
      return freePort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The drill's transcript: one line per fault. */
  public List<String> transcript() {
    return List.copyOf(log);
  }
}

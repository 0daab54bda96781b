package io.taumesh.launcher.drill;

import io.taumesh.core.runner.storage.ChannelStore;
import io.taumesh.core.runner.storage.LogRetention;
import io.taumesh.core.runner.storage.SegmentedLog;
import io.taumesh.core.runner.storage.StateStore;
import io.taumesh.core.testing.ChildJvm;
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
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
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
    public record Fault(FaultKind kind, DrillTarget target) {}

    /** What one fault cost. */
    record Outcome(int n, Fault fault, long recoveryMs, long resyncMs, long linkMs, long healMs, int restarts) {}

    /** One budget and whether it held. */
    public record Budget(String name, String measured, boolean held) {}

    /** The result of a drill: the faults, the budgets, and the report text. */
    public record Result(List<Budget> budgets, String report) {
        public boolean passed() {
            return budgets.stream().allMatch(Budget::held);
        }
    }

    private final List<Fault> plan;
    private final Path work;
    private final long seed;
    private final List<DrillTarget> layout;
    private final NetLab lab;
    private final Random random;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<DrillTarget, DrillMember> members = new EnumMap<>(DrillTarget.class);
    private final List<BridgeSubscriber> bridgeSubscribers = new ArrayList<>();
    private final List<RelaySubscriber> relaySubscribers = new ArrayList<>();
    private final Map<String, JsonObject> answers = new ConcurrentHashMap<>();
    /** When each key was first answered, to tell the keys a restart of the dashboard's runner forgot. */
    private final Map<String, Long> answeredAt = new ConcurrentHashMap<>();

    private volatile long dashboardRestartedAt = Long.MIN_VALUE;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> ingressAcknowledged = new ConcurrentHashMap<>();
    private Path socket;
    private String uiHost;
    private int uiPort;
    private String ingressUrl;
    private volatile boolean loading = true;
    private Thread load;
    private Thread ingressLoad;
    private long startedNanos;
    private String snapshotMiss = "none";

    /**
     * A drill of {@code plan} on a mesh of {@code size} standalone members ({@link #layout(int)}); on {@code lab}'s
     * hosts, one member each, when given (a partition needs it), else on loopback.
     */
    public RestartReconnectDrill(List<Fault> plan, Path work, long seed, int size, NetLab lab) {
        this.plan = List.copyOf(plan);
        this.work = work;
        this.seed = seed;
        this.layout = layout(size);
        this.lab = lab;
        this.random = new Random(seed);
        if (lab == null && plan.stream().anyMatch(f -> f.kind() == FaultKind.PARTITION)) {
            throw new IllegalArgumentException("a partition needs a network of namespaces (NetLab)");
        }
    }

    /** The sizes the drill runs at. */
    public static final List<Integer> SIZES = List.of(2, 3, 5);

    /**
     * The standalone members of a mesh of {@code size}: the web UI and the dashboard (the control path) at 2, the
     * gateway too at 3, the relay and a supervisor node too at 5.
     */
    static List<DrillTarget> layout(int size) {
        return switch (size) {
            case 2 -> List.of(DrillTarget.DASHBOARD, DrillTarget.WEBUI);
            case 3 -> List.of(DrillTarget.GATEWAY, DrillTarget.DASHBOARD, DrillTarget.WEBUI);
            case 5 ->
                List.of(
                        DrillTarget.GATEWAY,
                        DrillTarget.DASHBOARD,
                        DrillTarget.WEBUI,
                        DrillTarget.RELAY,
                        DrillTarget.SUPERVISOR);
            default -> throw new IllegalArgumentException("the drill runs at " + SIZES + " members, not " + size);
        };
    }

    /**
     * Every kind of fault on every member of a mesh of {@code size} it applies to (partitions when {@code partitions}),
     * and kills of an all-in-one node, in an order shuffled by the seed, repeated to {@code count}.
     */
    public static List<Fault> fullPlan(int count, long seed, int size, boolean partitions) {
        List<Fault> kinds = new ArrayList<>();
        List<DrillTarget> targets = new ArrayList<>(layout(size));
        targets.add(DrillTarget.ALL_IN_ONE);
        for (DrillTarget t : targets) {
            kinds.add(new Fault(FaultKind.SIGKILL, t));
            kinds.add(new Fault(FaultKind.SIGTERM, t));
            if (t != DrillTarget.ALL_IN_ONE) {
                kinds.add(new Fault(FaultKind.PAUSE, t));
                if (partitions) {
                    kinds.add(new Fault(FaultKind.PARTITION, t));
                }
            }
        }
        for (DrillTarget runner : List.of(DrillTarget.GATEWAY, DrillTarget.DASHBOARD)) {
            if (targets.contains(runner)) {
                kinds.add(new Fault(FaultKind.MID_CYCLE_KILL, runner));
            }
        }
        Random random = new Random(seed);
        List<Fault> plan = new ArrayList<>();
        while (plan.size() < count) {
            List<Fault> round = new ArrayList<>(kinds);
            Collections.shuffle(round, random);
            plan.addAll(round);
        }
        return plan.subList(0, count);
    }

    /**
     * The shortened drill of {@code mvn verify}: at 5 members a few faults of each kind, at 2 and 3 a pause and a
     * partition; partitions only when {@code partitions}.
     */
    public static List<Fault> shortPlan(int size, boolean partitions) {
        List<Fault> plan = new ArrayList<>(
                switch (size) {
                    case 2 ->
                        List.of(
                                new Fault(FaultKind.PAUSE, DrillTarget.WEBUI),
                                new Fault(FaultKind.PARTITION, DrillTarget.DASHBOARD));
                    case 3 ->
                        List.of(
                                new Fault(FaultKind.PAUSE, DrillTarget.DASHBOARD),
                                new Fault(FaultKind.PARTITION, DrillTarget.GATEWAY),
                                new Fault(FaultKind.SIGKILL, DrillTarget.WEBUI));
                    case 5 ->
                        List.of(
                                new Fault(FaultKind.SIGKILL, DrillTarget.GATEWAY),
                                new Fault(FaultKind.SIGTERM, DrillTarget.DASHBOARD),
                                new Fault(FaultKind.SIGKILL, DrillTarget.RELAY),
                                new Fault(FaultKind.MID_CYCLE_KILL, DrillTarget.DASHBOARD),
                                new Fault(FaultKind.SIGKILL, DrillTarget.WEBUI),
                                new Fault(FaultKind.PAUSE, DrillTarget.GATEWAY),
                                new Fault(FaultKind.SIGTERM, DrillTarget.RELAY),
                                new Fault(FaultKind.MID_CYCLE_KILL, DrillTarget.GATEWAY),
                                new Fault(FaultKind.PARTITION, DrillTarget.WEBUI),
                                new Fault(FaultKind.PAUSE, DrillTarget.SUPERVISOR));
                    default ->
                        throw new IllegalArgumentException("the drill runs at " + SIZES + " members, not " + size);
                });
        if (!partitions) {
            plan.removeIf(f -> f.kind() == FaultKind.PARTITION);
        }
        return plan;
    }

    public Result run() throws Exception {
        startedNanos = System.nanoTime();
        try {
            startMesh();
            for (int i = 0; i < plan.size(); i++) {
                Outcome outcome = inject(i + 1, plan.get(i));
                outcomes.add(outcome);
                note(
                        "fault %d/%d %s %s: recovered in %d ms%s%s%s",
                        i + 1,
                        plan.size(),
                        outcome.fault().kind(),
                        outcome.fault().target().id(),
                        outcome.recoveryMs(),
                        outcome.resyncMs() >= 0 ? ", subscribers resynced in " + outcome.resyncMs() + " ms" : "",
                        outcome.linkMs() >= 0 ? ", link connected in " + outcome.linkMs() + " ms" : "",
                        outcome.healMs() >= 0
                                ? ", back in the mesh " + outcome.healMs() + " ms after "
                                        + (outcome.fault().kind() == FaultKind.PARTITION
                                                ? "its network returned"
                                                : "SIGCONT")
                                : "");
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
            if (ingressLoad != null) {
                ingressLoad.join(15_000);
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
        int gatewayPort = freePort();
        String cluster = TestClusters.uniqueName("drill");
        int[] memberPorts =
                IntStream.range(0, layout.size()).map(i -> freePortQuietly()).toArray();
        List<String> seedList = new ArrayList<>();
        for (int i = 0; i < layout.size(); i++) {
            seedList.add(host(i) + ":" + memberPorts[i]);
        }
        Path gatewayFixture = fixture(
                "gateway",
                "actor_id",
                40_000,
                i -> new JsonObject()
                        .put("request", new JsonObject().put("kind", "message").put("text", "load " + i))
                        .put("expect", new JsonObject().put("status", 202)));
        Path dashboardFixture = fixture(
                "dashboard",
                "channel_id",
                40_000,
                i -> new JsonObject()
                        .put(
                                "widget",
                                new JsonObject()
                                        .put("id", "drill-" + (i % 5))
                                        .put("kind", "status")
                                        .put("data", new JsonObject().put("n", i))));
        List<String> node = List.of(
                "--cluster-name",
                cluster,
                "--cluster-members",
                String.join(",", seedList),
                "--event-loops",
                "1",
                "--discovery-dir",
                "none");
        for (int i = 0; i < layout.size(); i++) {
            DrillTarget target = layout.get(i);
            String host = host(i);
            List<String> own = switch (target) {
                case GATEWAY ->
                    List.of(
                            "--gateway-state-dir",
                            work.resolve("gateway").toString(),
                            "--gateway-fixture",
                            gatewayFixture.toString(),
                            "--gateway-queue-limit",
                            "5",
                            "--gateway-cycle-interval-ms",
                            "100",
                            "--gateway-log-segment-bytes",
                            "262144",
                            "--gateway-log-retain-segments",
                            "100000",
                            "--gateway-http-host",
                            host,
                            "--gateway-http-port",
                            String.valueOf(gatewayPort));
                case DASHBOARD ->
                    List.of(
                            "--dashboard-state-dir",
                            work.resolve("dashboard").toString(),
                            "--dashboard-fixture",
                            dashboardFixture.toString(),
                            "--dashboard-queue-limit",
                            "5",
                            "--dashboard-cycle-interval-ms",
                            "150",
                            "--dashboard-log-segment-bytes",
                            "262144",
                            "--dashboard-log-retain-segments",
                            "100000");
                case WEBUI -> List.of("--ui-host", host, "--ui-port", String.valueOf(uiPort), "--ui-token", TOKEN);
                case RELAY -> List.of("--dashboard-path", socket.toString());
                case SUPERVISOR, ALL_IN_ONE -> List.of();
            };
            List<String> args = new ArrayList<>(node);
            args.addAll(List.of("--cluster-host", host, "--cluster-port", String.valueOf(memberPorts[i])));
            args.addAll(own);
            members.put(
                    target,
                    new DrillMember(
                            target,
                            jar("tau.jar." + target.id()),
                            host,
                            freePort(),
                            lab == null ? List.of() : lab.launcher(i + 1),
                            args));
            if (target == DrillTarget.WEBUI) {
                uiHost = host;
            } else if (target == DrillTarget.GATEWAY) {
                ingressUrl = "http://" + host + ":" + gatewayPort + "/v1/actors/";
            }
        }
        for (DrillTarget t : layout) {
            members.get(t).start();
        }
        if (plan.stream().anyMatch(f -> f.target() == DrillTarget.ALL_IN_ONE)) {
            Path own = work.resolve("all-in-one");
            DrillMember allInOne = new DrillMember(
                    DrillTarget.ALL_IN_ONE,
                    jar("tau.jar.launcher"),
                    freePort(),
                    List.of(
                            "--cluster-name",
                            TestClusters.uniqueName("drill-aio"),
                            "--cluster-port",
                            "0",
                            "--cluster-members",
                            "none",
                            "--gateway-state-dir",
                            own.resolve("gateway").toString(),
                            "--dashboard-state-dir",
                            own.resolve("dashboard").toString(),
                            "--dashboard-path",
                            own.resolve("run").resolve("relay.sock").toString(),
                            "--discovery-dir",
                            "none"));
            members.put(DrillTarget.ALL_IN_ONE, allInOne);
            allInOne.start();
        }
        await("the mesh formed", 60_000, () -> standalone().stream().allMatch(m -> memberCount(m) == layout.size()));
        for (int i = 0; i < 2; i++) {
            bridgeSubscribers.add(new BridgeSubscriber("page-" + i, uiHost, uiPort, TOKEN));
            if (has(DrillTarget.RELAY)) {
                relaySubscribers.add(new RelaySubscriber("client-" + i, socket));
            }
        }
        await(
                "subscribers synced",
                30_000,
                () -> bridgeSubscribers.stream().allMatch(s -> s.replica().resyncs() > 0)
                        && relaySubscribers.stream().allMatch(s -> s.replica().resyncs() > 0));
        load = new Thread(this::controlLoad, "drill-control-load");
        load.setDaemon(true);
        load.start();
        if (has(DrillTarget.GATEWAY)) {
            ingressLoad = new Thread(this::ingressLoad, "drill-ingress-load");
            ingressLoad.setDaemon(true);
            ingressLoad.start();
        }
        note(
                "mesh up: %d standalone members %s%s%s, %d bridge and %d relay subscribers, control actions every 300 ms%s (seed %d)",
                layout.size(),
                layout.stream().map(DrillTarget::id).toList(),
                lab == null ? " on loopback" : " on a network of namespaces",
                members.containsKey(DrillTarget.ALL_IN_ONE) ? " and an all-in-one node" : "",
                bridgeSubscribers.size(),
                relaySubscribers.size(),
                has(DrillTarget.GATEWAY) ? ", ingress requests every 100 ms" : "",
                seed);
    }

    /** Where member {@code i} of the layout runs: its host of the lab, or loopback. */
    private String host(int i) {
        return lab == null ? "127.0.0.1" : lab.ip(i + 1);
    }

    private boolean has(DrillTarget target) {
        return layout.contains(target);
    }

    private List<DrillMember> standalone() {
        return members.values().stream()
                .filter(m -> m.target() != DrillTarget.ALL_IN_ONE)
                .toList();
    }

    private Path fixture(String runtime, String channelField, int cases, IntFunction<JsonObject> body)
            throws IOException {
        JsonArray all = new JsonArray();
        for (int i = 0; i < cases; i++) {
            all.add(body.apply(i).put("case_id", runtime + "-" + i).put(channelField, "ch-" + (i % 4)));
        }
        Path file = work.resolve(runtime + "-load.json");
        Files.writeString(
                file,
                new JsonObject()
                        .put("schema_version", 1)
                        .put("runtime", runtime)
                        .put("cases", all)
                        .encode());
        return file;
    }

    // ---------------------------------------------------------------- load

    /** Control actions, alternately through the bridge and the relay, each with a key of its own; unanswered ones are sent again. */
    private void controlLoad() {
        ControlSender sender = sender();
        String runtime = has(DrillTarget.GATEWAY) ? "gateway" : "dashboard";
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
            JsonObject action = new JsonObject()
                    .put("target", runtime)
                    .put("action", "set_queue_limit")
                    .put("queue_limit", limit)
                    .put("idempotency_key", key);
            JsonObject answer = Math.floorMod(key.hashCode(), 2) == 0 || !has(DrillTarget.RELAY)
                    ? sender.viaBridge(action)
                    : sender.viaRelay(action);
            if (answer == null) {
                unanswered.add(key);
            } else {
                answers.merge(key, answer, (first, again) -> first);
                answeredAt.putIfAbsent(key, System.nanoTime());
            }
            sleep(300);
        }
    }

    private ControlSender sender() {
        return new ControlSender(uiHost, uiPort, TOKEN, socket);
    }

    /**
     * Requests to the gateway's HTTP ingress, each with a request id of its own, never sent again: a 202 is an
     * acknowledgement, which must be in the actor's channel exactly once at the end; a request that got no answer
     * (a fault in the way) is not counted either way.
     */
    private void ingressLoad() {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int n = 0;
        while (loading) {
            String requestId = "drill-in-" + (++n);
            String actor = "drill-actor-" + (n % 4);
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(ingressUrl + actor + "/requests"))
                                .timeout(Duration.ofSeconds(3))
                                .header("x-request-id", requestId)
                                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                                        .put("kind", "message")
                                        .put("text", "in " + n)
                                        .encode()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    JsonObject body = new JsonObject(response.body());
                    ingressAcknowledged.put(requestId, actor + "#" + body.getInteger("seq"));
                }
            } catch (Exception e) {
                // No answer: its outcome is unknown, and it is not sent again.
            }
            sleep(100);
        }
    }

    // ---------------------------------------------------------------- faults

    private Outcome inject(int n, Fault fault) throws Exception {
        DrillMember member = members.get(fault.target());
        if (fault.target() == DrillTarget.DASHBOARD
                && fault.kind() != FaultKind.PAUSE
                && fault.kind() != FaultKind.PARTITION) {
            dashboardRestartedAt = System.nanoTime();
        }
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
                Path events = work.resolve(fault.target() == DrillTarget.GATEWAY ? "gateway" : "dashboard")
                        .resolve(StateStore.EVENTS);
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
            case PARTITION -> {
                int host = layout.indexOf(fault.target()) + 1;
                lab.cut(host);
                try {
                    sleep(PAUSE_MS);
                } finally {
                    lab.mend(host);
                }
                faultAt = System.nanoTime();
            }
        }
        long resumedAt = faultAt;
        Recovery recovery = awaitRecovery(member, faultAt);
        restarts = recovery.restarts();
        boolean cutOff = fault.kind() == FaultKind.PAUSE || fault.kind() == FaultKind.PARTITION;
        if (cutOff) {
            healMs = recovery.backMs();
        }
        long resyncMs = -1;
        long linkMs = -1;
        if (fault.target() == DrillTarget.WEBUI || (fault.target() == DrillTarget.RELAY)) {
            List<ViewReplica> replicas = fault.target() == DrillTarget.WEBUI
                    ? bridgeSubscribers.stream().map(BridgeSubscriber::replica).toList()
                    : relaySubscribers.stream().map(RelaySubscriber::replica).toList();
            if (!cutOff || fault.target() == DrillTarget.WEBUI) {
                long since = cutOff ? resumedAt : faultAt;
                boolean synced =
                        awaitQuietly(30_000, () -> replicas.stream().allMatch(r -> r.lastResyncNanos() > since));
                resyncMs = synced
                        ? Duration.ofNanos(replicas.stream()
                                                .mapToLong(ViewReplica::lastResyncNanos)
                                                .max()
                                                .orElse(since)
                                        - since)
                                .toMillis()
                        : -1;
            }
        }
        if (fault.target() == DrillTarget.RELAY) {
            long pid = member.pid();
            boolean linked = awaitQuietly(
                    30_000,
                    () -> bridgeSubscribers.stream()
                            .allMatch(s -> s.lastLink().getBoolean("connected", false)
                                    && s.lastLink().getLong("pid", -1L) == pid));
            linkMs = linked ? Duration.ofNanos(System.nanoTime() - faultAt).toMillis() : -1;
        }
        sleep(500); // let the load run between faults
        return new Outcome(n, fault, recovery.backMs(), resyncMs, linkMs, healMs, restarts);
    }

    private record Recovery(long backMs, int restarts) {}

    /**
     * Waits until the member is back: ready, its service's address served as seen from another member, and every
     * standalone member seeing all of them; restarts it, as a service manager would, whenever its process has exited.
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
        DrillMember other =
                standalone().stream().filter(m -> m != member).findFirst().orElseThrow();
        return status(other.opsUrl() + "/mesh/status/" + member.target().service()) == 200
                && standalone().stream().allMatch(m -> memberCount(m) == layout.size());
    }

    // ---------------------------------------------------------------- checks

    private Result check() throws Exception {
        loading = false;
        load.join(20_000);
        if (ingressLoad != null) {
            ingressLoad.join(20_000);
        }
        // Stop the fixture flow so that the views settle, then compare every subscriber with a fresh snapshot.
        ControlSender sender = sender();
        List<String> runtimes = has(DrillTarget.GATEWAY) ? List.of("gateway", "dashboard") : List.of("dashboard");
        for (String runtime : runtimes) {
            JsonObject pause = new JsonObject()
                    .put("target", runtime)
                    .put("action", "pause")
                    .put("idempotency_key", "drill-stop-" + runtime);
            awaitQuietly(
                    30_000, () -> (has(DrillTarget.RELAY) ? sender.viaRelay(pause) : sender.viaBridge(pause)) != null);
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
            return Stream.concat(
                            bridgeSubscribers.stream().map(BridgeSubscriber::replica),
                            relaySubscribers.stream().map(RelaySubscriber::replica))
                    .allMatch(r -> r.hash().equals(truthNow[0]));
        });
        String truth = truthNow[0];
        List<String> replicaHashes = Stream.concat(
                        bridgeSubscribers.stream().map(BridgeSubscriber::replica),
                        relaySubscribers.stream().map(RelaySubscriber::replica))
                .map(ViewReplica::hash)
                .toList();

        List<Budget> budgets = new ArrayList<>();
        budgets.add(new Budget(
                "faults injected",
                outcomes.size() + " of " + plan.size(),
                outcomes.size() == plan.size() && outcomes.stream().allMatch(o -> o.recoveryMs() >= 0)));
        budgets.add(controlActions());
        if (has(DrillTarget.GATEWAY)) {
            budgets.add(ingressRequests());
            budgets.add(eventLog("gateway"));
        }
        budgets.add(eventLog("dashboard"));
        if (has(DrillTarget.GATEWAY)) {
            budgets.add(channelOutputs("gateway"));
        }
        budgets.add(channelOutputs("dashboard"));
        budgets.add(new Budget(
                "subscribers' views equal a fresh snapshot",
                "snapshot " + truth + "; subscribers " + replicaHashes
                        + (replicasEqual ? "" : "; the last snapshot that failed: " + snapshotMiss),
                replicasEqual));
        budgets.add(healBudget(
                FaultKind.PAUSE, "a paused member back within " + PAUSE_HEAL_BUDGET_MS + " ms of SIGCONT", "pauses"));
        if (plan.stream().anyMatch(f -> f.kind() == FaultKind.PARTITION)) {
            budgets.add(healBudget(
                    FaultKind.PARTITION,
                    "a partitioned member back within " + PAUSE_HEAL_BUDGET_MS + " ms of its network's return",
                    "partitions"));
        }
        List<Long> recoveries = outcomes.stream()
                .filter(o -> o.fault().kind() != FaultKind.PAUSE && o.fault().kind() != FaultKind.PARTITION)
                .map(Outcome::recoveryMs)
                .toList();
        long p99 = percentile(recoveries, 99);
        budgets.add(new Budget(
                "recovery p99 within " + RECOVERY_P99_BUDGET_MS + " ms",
                recoveries.isEmpty()
                        ? "no kill or stop"
                        : "p99 " + p99 + " ms over " + recoveries.size() + " kills and stops",
                recoveries.isEmpty() || p99 >= 0 && p99 <= RECOVERY_P99_BUDGET_MS));
        String report = report(budgets);
        return new Result(budgets, report);
    }

    private Budget healBudget(FaultKind kind, String name, String plural) {
        List<Long> heals = outcomes.stream()
                .filter(o -> o.fault().kind() == kind && o.healMs() >= 0)
                .map(Outcome::healMs)
                .toList();
        return new Budget(
                name,
                heals.isEmpty() ? "none" : "max " + Collections.max(heals) + " ms over " + heals.size() + " " + plural,
                heals.stream().allMatch(h -> h <= PAUSE_HEAL_BUDGET_MS));
    }

    /** Every acknowledged ingress request in its actor's channel once, with the sequence number it was answered with. */
    private Budget ingressRequests() throws IOException {
        Map<String, List<String>> recorded = new LinkedHashMap<>();
        Path root = work.resolve("gateway").resolve("channel-store").resolve("gateway");
        for (int a = 0; a < 4; a++) {
            String actor = "drill-actor-" + a;
            Path outputs = root.resolve(actor).resolve(ChannelStore.OUTPUTS);
            if (!Files.exists(outputs)) {
                continue;
            }
            new SegmentedLog(outputs, LogRetention.DEFAULT).forEach(line -> {
                String id = line.getString("request_id", "");
                if (id.startsWith("drill-in-")) {
                    JsonObject result = line.getJsonObject("result", new JsonObject());
                    recorded.computeIfAbsent(id, k -> new ArrayList<>()).add(actor + "#" + result.getInteger("seq"));
                }
            });
        }
        List<String> lost = ingressAcknowledged.keySet().stream()
                .filter(id -> !recorded.containsKey(id))
                .sorted()
                .limit(10)
                .toList();
        List<String> twice = recorded.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey)
                .limit(10)
                .toList();
        List<String> renumbered = ingressAcknowledged.entrySet().stream()
                .filter(e -> recorded.containsKey(e.getKey())
                        && !recorded.get(e.getKey()).get(0).equals(e.getValue()))
                .map(Map.Entry::getKey)
                .limit(10)
                .toList();
        return new Budget(
                "acknowledged ingress requests lost or recorded twice",
                ingressAcknowledged.size() + " acknowledged (202), " + recorded.size() + " recorded; lost " + lost
                        + ", twice " + twice + ", answered with another seq " + renumbered,
                lost.isEmpty() && twice.isEmpty() && renumbered.isEmpty());
    }

    /** The views a client that connects now gets: a snapshot through the relay, or the bridge where there is no relay. */
    private JsonArray views() {
        ControlSender sender = sender();
        JsonObject snapshot = has(DrillTarget.RELAY) ? sender.snapshotViaRelay() : sender.snapshotViaBridge();
        if (snapshot == null) {
            snapshotMiss = sender.lastMiss();
            return new JsonArray();
        }
        return snapshot.getJsonArray("views", new JsonArray());
    }

    private Budget controlActions() throws IOException {
        return has(DrillTarget.GATEWAY) ? recordedControlActions() : resentControlActions();
    }

    /**
     * Without a gateway the actions are the dashboard runner's own, whose keys it keeps in memory only (a restart of it
     * forgets them; the keys of the actions it routes are durable, in its operator channel): every key accepted since
     * its last restart is sent again once the faults are over, and must be answered as a duplicate of what was applied.
     */
    private Budget resentControlActions() {
        ControlSender sender = sender();
        List<String> acceptedAll = answers.entrySet().stream()
                .filter(e -> "accepted".equals(e.getValue().getString("result"))
                        && !Boolean.TRUE.equals(e.getValue().getBoolean("duplicate")))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        long restarted = dashboardRestartedAt;
        List<String> accepted = acceptedAll.stream()
                .filter(k -> answeredAt.getOrDefault(k, Long.MIN_VALUE) > restarted)
                .toList();
        List<String> notDuplicate = new ArrayList<>();
        for (String key : accepted) {
            int limit = 3 + Math.floorMod(key.hashCode(), 6);
            JsonObject again = sender.viaBridge(new JsonObject()
                    .put("target", "dashboard")
                    .put("action", "set_queue_limit")
                    .put("queue_limit", limit)
                    .put("idempotency_key", key));
            if (again == null
                    || !Boolean.TRUE.equals(again.getBoolean("duplicate"))
                    || !"accepted".equals(again.getString("result"))) {
                notDuplicate.add(key + "=" + (again == null ? "no answer" : again.encode()));
            }
        }
        return new Budget(
                "acknowledged control actions applied twice",
                answers.size() + " answered, " + acceptedAll.size()
                        + " accepted, the " + accepted.size()
                        + " since the dashboard runner last restarted sent again: not answered as "
                        + "already applied " + notDuplicate.stream().limit(10).toList(),
                notDuplicate.isEmpty());
    }

    /** Every accepted action in the dashboard's operator channel, once: what the dashboard routes it records first. */
    private Budget recordedControlActions() throws IOException {
        Map<String, Integer> applied = new LinkedHashMap<>();
        Path operator = work.resolve("dashboard")
                .resolve("channel-store")
                .resolve("dashboard")
                .resolve("operator")
                .resolve(ChannelStore.OUTPUTS);
        new SegmentedLog(operator, LogRetention.DEFAULT).forEach(line -> {
            String caseId = line.getString("case_id", "");
            if (caseId.startsWith("control:drill-") && !caseId.startsWith("control:drill-stop")) {
                applied.merge(caseId.substring("control:".length()), 1, Integer::sum);
            }
        });
        long accepted = answers.values().stream()
                .filter(a -> "accepted".equals(a.getString("result")))
                .count();
        List<String> lost = answers.entrySet().stream()
                .filter(e -> "accepted".equals(e.getValue().getString("result"))
                        && !Boolean.TRUE.equals(e.getValue().getBoolean("duplicate"))
                        && applied.getOrDefault(e.getKey(), 0) == 0)
                .map(Map.Entry::getKey)
                .toList();
        List<String> twice = applied.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList();
        // Why the others were rejected (a fault in the way), the commonest first: a reason without its numbers.
        Map<String, Long> why = new TreeMap<>();
        answers.values().stream()
                .filter(a -> !"accepted".equals(a.getString("result")))
                .forEach(
                        a -> why.merge(String.valueOf(a.getString("reason")).replaceAll("[0-9]+", "N"), 1L, Long::sum));
        String reasons = why.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(3)
                .map(e -> e.getValue() + "x " + e.getKey())
                .collect(Collectors.joining("; "));
        return new Budget(
                "acknowledged control actions lost or applied twice",
                answers.size() + " answered (" + accepted
                        + " accepted" + (reasons.isEmpty() ? "" : "; rejected: " + reasons) + "), " + applied.size()
                        + " recorded; lost " + lost
                        + ", twice " + twice,
                lost.isEmpty() && twice.isEmpty());
    }

    private Budget eventLog(String runtime) throws Exception {
        StateStore store = new StateStore(work.resolve(runtime), runtime, new LogRetention(262_144, 100_000));
        long committed = store.loadState().orElseThrow().cycleCount();
        List<Long> ids = new ArrayList<>();
        store.replayEvents(r -> ids.add(r.cycleId()));
        List<Long> expected = LongStream.rangeClosed(1, committed).boxed().toList();
        return new Budget(
                runtime + " runtime events lost or duplicated",
                ids.size() + " lines for " + committed + " committed cycles",
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
        List<String> twice = perCase.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .limit(10)
                .toList();
        return new Budget(
                runtime + " cases twice in a channel's outputs",
                perCase.size() + " cases recorded; twice: " + twice,
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
        md.append("A mesh of ")
                .append(layout.size())
                .append(" members (")
                .append(String.join(", ", layout.stream().map(DrillTarget::id).toList()))
                .append(lab == null ? ") on loopback" : ") on a network of namespaces, one host each")
                .append(".\n\n");
        md.append("| budget | measured | held |\n| --- | --- | --- |\n");
        budgets.forEach(b -> md.append("| ")
                .append(b.name())
                .append(" | ")
                .append(b.measured().replace("|", "/"))
                .append(" | ")
                .append(b.held() ? "yes" : "**no**")
                .append(" |\n"));
        md.append(
                "\nRecovery by fault, in ms (from the fault, or from SIGCONT for a pause and from the network's return for a "
                        + "partition, to the service back: ready, its address served as seen from another member, every member seeing the "
                        + "whole mesh):\n\n");
        md.append(
                "| fault | target | count | p50 | p95 | p99 | max | subscribers resynced (max) | relay link connected (max) |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        Map<Fault, List<Outcome>> byFault = new LinkedHashMap<>();
        outcomes.stream()
                .sorted(Comparator.comparing((Outcome o) -> o.fault().kind())
                        .thenComparing(o -> o.fault().target()))
                .forEach(o -> byFault.computeIfAbsent(o.fault(), f -> new ArrayList<>())
                        .add(o));
        byFault.forEach((fault, list) -> {
            List<Long> r = list.stream().map(Outcome::recoveryMs).toList();
            long resync = list.stream().mapToLong(Outcome::resyncMs).max().orElse(-1);
            long link = list.stream().mapToLong(Outcome::linkMs).max().orElse(-1);
            md.append("| ")
                    .append(fault.kind().name().toLowerCase(Locale.ROOT))
                    .append(" | ")
                    .append(fault.target().id())
                    .append(" | ")
                    .append(list.size())
                    .append(" | ")
                    .append(percentile(r, 50))
                    .append(" | ")
                    .append(percentile(r, 95))
                    .append(" | ")
                    .append(percentile(r, 99))
                    .append(" | ")
                    .append(Collections.max(r))
                    .append(" | ")
                    .append(resync < 0 ? "-" : resync)
                    .append(" | ")
                    .append(link < 0 ? "-" : link)
                    .append(" |\n");
        });
        List<Long> all = outcomes.stream().map(Outcome::recoveryMs).toList();
        md.append("\nAll ")
                .append(outcomes.size())
                .append(" faults: recovery p50 ")
                .append(percentile(all, 50))
                .append(" ms, p95 ")
                .append(percentile(all, 95))
                .append(" ms, p99 ")
                .append(percentile(all, 99))
                .append(" ms, max ")
                .append(all.isEmpty() ? "-" : String.valueOf(Collections.max(all)))
                .append(" ms; restarts after a refused start: ")
                .append(outcomes.stream().mapToInt(Outcome::restarts).sum())
                .append(". Drill time ")
                .append(seconds)
                .append(" s, seed ")
                .append(seed)
                .append(", run at ")
                .append(Instant.now())
                .append(".\n");
        return md.toString();
    }

    // ---------------------------------------------------------------- helpers

    private int memberCount(DrillMember member) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(member.opsUrl() + "/cluster"))
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? new JsonObject(r.body()).getInteger("member_count") : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private int status(String url) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(3))
                                    .header("Authorization", "Bearer " + ChildJvm.OPS_TOKEN)
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
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

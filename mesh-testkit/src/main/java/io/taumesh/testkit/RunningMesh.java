package io.taumesh.testkit;

import io.taumesh.client.MeshClient;
import io.taumesh.client.MeshClientException;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.message.RunnerActionRequest;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.contract.RunnerAction;
import io.taumesh.core.runner.wire.ControlResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A real all-in-one mesh started for a test ({@link TauMeshExtension}): its own JVM, cluster, ports, state dirs,
 * socket and tokens, all under its work dir. It hands the test a connected {@link #client()} and the mesh's URLs, and
 * feeds fixtures and runs cycles on demand. Its methods block the calling thread: call them from a test, never from an
 * event loop.
 */
public final class RunningMesh implements AutoCloseable {

    private static final Pattern JOINED = Pattern.compile("joined cluster '[^']+' as member (\\S+),");
    private static final Pattern OPS = Pattern.compile(" ops (http://\\S+)");
    private static final Pattern WEB_UI = Pattern.compile("web-ui: dashboard (http://\\S+)/#token=");
    private static final Pattern INGRESS = Pattern.compile("ingress (http://[^/\\s]+)/v1/actors/");
    private static final Pattern READY = Pattern.compile(": ready;");
    private static final long CALL_TIMEOUT_S = 30;

    private final Path workDir;
    private final String clusterName;
    private final String uiToken;
    private final String opsToken;
    private final MeshJvm jvm;
    private @Nullable MeshClient client;
    private String member = "";
    private String opsUrl = "";
    private String webUiUrl = "";
    private String ingressUrl = "";

    private RunningMesh(Path workDir, String clusterName, String uiToken, String opsToken, MeshJvm jvm) {
        this.workDir = workDir;
        this.clusterName = clusterName;
        this.uiToken = uiToken;
        this.opsToken = opsToken;
        this.jvm = jvm;
    }

    /**
     * Starts a mesh in {@code workDir} and returns once every service answers its status through the client; on a
     * failure the mesh is stopped and the exception carries its log's tail.
     */
    public static RunningMesh start(Path workDir, List<String> moreArgs, Duration ready) throws Exception {
        String cluster = "tau-test-" + token(6);
        String uiToken = token(24);
        String opsToken = token(24);
        Map<String, String> kit = new LinkedHashMap<>();
        kit.put("--cluster-name", cluster);
        kit.put("--cluster-port", "0");
        kit.put("--cluster-members", "none");
        kit.put("--ops-port", "0");
        kit.put("--ui-port", "0");
        kit.put("--ui-token", uiToken);
        kit.put("--gateway-http-port", "0");
        kit.put("--discovery-dir", "none");
        kit.put("--mesh-credentials", workDir.resolve("credentials").toString());
        kit.put("--dashboard-path", workDir.resolve("relay.sock").toString());
        for (MeshService service : List.of(MeshService.GATEWAY, MeshService.DASHBOARD, MeshService.SUPERVISOR)) {
            kit.put(
                    "--" + service.id() + "-state-dir",
                    workDir.resolve("state").resolve(service.id()).toString());
        }
        for (MeshService runtime : List.of(MeshService.GATEWAY, MeshService.DASHBOARD)) {
            Path fixtures = Files.createDirectories(workDir.resolve("fixtures").resolve(runtime.id()));
            kit.put("--" + runtime.id() + "-fixtures-dir", fixtures.toString());
        }
        // A flag the test gives replaces the kit's: the launcher takes each flag once.
        moreArgs.stream().map(a -> a.split("=", 2)[0]).forEach(kit::remove);
        List<String> args = new ArrayList<>();
        kit.forEach((flag, value) -> args.addAll(List.of(flag, value)));
        args.addAll(moreArgs);
        MeshJvm jvm = MeshJvm.start(workDir, args, Map.of("TAU_OPS_TOKEN", opsToken));
        RunningMesh mesh = new RunningMesh(workDir, cluster, uiToken, opsToken, jvm);
        try {
            mesh.awaitReady(System.nanoTime() + ready.toNanos());
            return mesh;
        } catch (Exception | Error e) {
            mesh.close();
            throw e;
        }
    }

    private void awaitReady(long deadline) throws Exception {
        member = jvm.await(jvm.stdout(), JOINED, deadline).group(1);
        opsUrl = jvm.await(jvm.stdout(), OPS, deadline).group(1);
        webUiUrl = jvm.await(jvm.stdout(), WEB_UI, deadline).group(1);
        jvm.await(jvm.stdout(), READY, deadline);
        ingressUrl = jvm.await(jvm.stderr(), INGRESS, deadline).group(1);
        MeshClient connected = MeshClient.connect(clientSettings()).await(CALL_TIMEOUT_S, TimeUnit.SECONDS);
        client = connected;
        // The relay is a process of its own and joins a few seconds after the node is ready.
        for (MeshService service : MeshService.values()) {
            while (true) {
                try {
                    connected.status(service).await(CALL_TIMEOUT_S, TimeUnit.SECONDS);
                    break;
                } catch (MeshClientException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                service.id() + " never answered: " + e.getMessage() + "\n" + jvm.tails(), e);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    /** Settings that join this mesh's cluster (for a client of the test's own, {@link MeshClient#connect}). */
    public ClusterSettings clientSettings() {
        return ClusterSettings.loopback(clusterName)
                .withMembers(List.of(member))
                .withCredentials(workDir.resolve("credentials"));
    }

    /** A client connected to the mesh, closed with it. */
    public MeshClient client() {
        MeshClient connected = client;
        if (connected == null) {
            throw new IllegalStateException("the mesh is not running");
        }
        return connected;
    }

    public String clusterName() {
        return clusterName;
    }

    /** The mesh node's cluster member address ({@code 127.0.0.1:port}), the seed to join it by. */
    public String member() {
        return member;
    }

    /** The node's ops endpoint ({@code /health}, {@code /readiness}, {@code /metrics}, {@code /mesh/*}). */
    public String opsUrl() {
        return opsUrl;
    }

    /** What {@code /mesh/*} of the ops endpoint takes as {@code Authorization: Bearer}. */
    public String opsToken() {
        return opsToken;
    }

    /** The web dashboard, without its token; open {@code webUiUrl() + "/#token=" + uiToken()}. */
    public String webUiUrl() {
        return webUiUrl;
    }

    /** The operator token of the web dashboard's control actions. */
    public String uiToken() {
        return uiToken;
    }

    /** The gateway's HTTP ingress: requests go to {@code ingressUrl() + "/v1/actors/<actor_id>/requests"}. */
    public String ingressUrl() {
        return ingressUrl;
    }

    /** The relay's Unix socket (0600), where any program speaks line-framed JSON to the mesh. */
    public Path relaySocket() {
        return workDir.resolve("relay.sock");
    }

    /** A runner's state dir ({@code runtime-events.jsonl}, {@code audit.jsonl}); also {@code SUPERVISOR}. */
    public Path stateDir(MeshService service) {
        return workDir.resolve("state").resolve(service.id());
    }

    /** Where the mesh runs and keeps everything: its state, its logs, its credentials. */
    public Path workDir() {
        return workDir;
    }

    /** The mesh's stdout and stderr logs, and the relay's (a process of its own). */
    public List<Path> logs() {
        return List.of(jvm.stdout(), jvm.stderr(), workDir.resolve(".tau/supervisor/logs/relay.log"));
    }

    /** Every line the mesh wrote so far, stdout's then stderr's. */
    public List<String> logLines() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(jvm.stdout()));
        lines.addAll(Files.readAllLines(jvm.stderr()));
        return lines;
    }

    String logTails() {
        return jvm.tails();
    }

    /**
     * Feeds a fixture to a runner (gateway or dashboard): copies it into the runner's fixtures dir and queues it with
     * {@code replay_fixture}. The cases run in the runner's next cycles ({@link #runCycle} runs one now).
     */
    public ControlResult feed(MeshService runtime, Path fixture) throws Exception {
        Path target = workDir.resolve("fixtures").resolve(runtime.id()).resolve(fixture.getFileName());
        Files.copy(fixture, target, StandardCopyOption.REPLACE_EXISTING);
        return control(runtime, RunnerActionRequest.replay(target.getFileName().toString()));
    }

    /** Runs a cycle of a runner now ({@code run_cycle}); rejected while it is paused or a cycle runs. */
    public ControlResult runCycle(MeshService runtime) throws Exception {
        return control(runtime, RunnerActionRequest.of(RunnerAction.RUN_CYCLE));
    }

    private ControlResult control(MeshService runtime, RunnerActionRequest action) throws Exception {
        return client().control(runtime, action).await(CALL_TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** Leaves the cluster and stops the mesh the way an operator does (SIGTERM); returns the mesh's exit code. */
    public int stop() throws InterruptedException {
        MeshClient connected = client;
        client = null;
        if (connected != null) {
            try {
                connected.close().await(CALL_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (Exception e) {
                // The client's node leaves however its close ends: the mesh stops next either way.
            }
        }
        return jvm.stop();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Deletes the work dir (the kit keeps it when a test failed). */
    void deleteWorkDir() throws IOException {
        try (var paths = Files.walk(workDir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String token(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}

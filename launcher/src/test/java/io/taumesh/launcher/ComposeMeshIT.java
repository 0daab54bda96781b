package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.TestClusters;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The compose deploy as its users run it: Debian's podman-compose brings up {@code deploy/compose/compose.yaml} (a
 * copy, its own project name, certificates from {@code make-bus-certs.sh}) on the file's own bridge network, where the
 * nodes find each other by name; podman-compose 1.0 starts the containers one after the other and does not wait for
 * the supervisor's healthcheck, so each node starts before some of the names it lists resolve.
 */
@DisplayName("The compose deploy on its bridge network")
class ComposeMeshIT {

    static final Duration FORM = Duration.ofSeconds(120);
    /** Nodes that can reach each other again are one cluster within this, their addresses served. */
    static final Duration HEAL = Duration.ofSeconds(15);

    static final Duration MEMBER_LOSS = Duration.ofSeconds(10);
    static final List<String> SERVICES = List.of("supervisor", "gateway", "dashboard", "relay", "web-ui");

    @Test
    @Timeout(600)
    @DisplayName(
            "podman-compose up forms one mesh of five; a control action from a bridge client and an ingress request are "
                    + "applied; a service cut off the network and plugged back is served again within 15 s; a stopped relay is a member "
                    + "loss within 10 s; every node stops cleanly; down -v leaves nothing behind")
    void composeUpOnABridgeNetwork() throws Exception {
        ComposeProject.assumeInstalled();
        MeshImage.assumeBuilt();
        String project = TestClusters.uniqueName("compose").replace("-", "").toLowerCase(Locale.ROOT);
        String token = "compose-operator-token-" + Long.toHexString(System.nanoTime());
        int uiPort = StartOrderIT.freePort();
        int gatewayPort = StartOrderIT.freePort();
        Path dir = Files.createTempDirectory("tau-compose-");
        try (ComposeProject compose = ComposeProject.copy(dir, project)) {
            compose.with("TAU_UI_TOKEN", token)
                    .with("TAU_UI_PUBLISH", "127.0.0.1:" + uiPort)
                    .with("TAU_GATEWAY_PUBLISH", "127.0.0.1:" + gatewayPort);
            for (MeshImage service : MeshImage.services()) {
                compose.podman("load", "--quiet", "--input", service.archive().toString());
            }
            try {
                long upAt = System.nanoTime();
                ComposeProject.Result up = compose.compose(300, "up", "-d");
                assertThat(up.exitCode()).as(up.out()).isZero();
                Awaitility.await("five members on the web UI's cluster view")
                        .atMost(FORM)
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(() -> MeshChecks.dashboardMembers(MeshChecks.dashboardSnapshot(uiPort, token))
                                        .size()
                                == 5);
                System.out.println("compose: podman-compose up to five members on the web UI's cluster view: "
                        + Duration.ofNanos(System.nanoTime() - upAt).toMillis() + " ms");
                for (String service : SERVICES) {
                    Awaitility.await(service + " healthy")
                            .atMost(FORM)
                            .pollInterval(Duration.ofSeconds(1))
                            .until(() -> compose.podmanQuietly("healthcheck", "run", compose.container(service))
                                            .exitCode()
                                    == 0);
                    assertThat(compose.podman("top", compose.container(service), "user"))
                            .as(service + "'s user")
                            .endsWith("tau");
                    assertThat(compose.podman(
                                    "inspect",
                                    "--format",
                                    "{{.HostConfig.ReadonlyRootfs}}",
                                    compose.container(service)))
                            .isEqualTo("true");
                }
                Awaitility.await("the relay linked")
                        .atMost(FORM)
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(() -> "connected"
                                .equals(MeshChecks.supervisorLink(MeshChecks.dashboardSnapshot(uiPort, token))));

                // An operator's click, from a bridge client with the token, and a request to the published ingress.
                assertThat(control(uiPort, token, "compose-1")).isEqualTo("accepted");
                HttpResponse<String> request = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort
                                                + "/v1/actors/compose-actor/requests"))
                                        .header("x-request-id", "compose-request-1")
                                        .POST(HttpRequest.BodyPublishers.ofString(
                                                "{\"kind\":\"message\",\"text\":\"hello\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(request.statusCode()).as(request.body()).isEqualTo(202);

                // The gateway cut off its network, then plugged back with its address: a partition, healed.
                String gateway = compose.container("gateway");
                String address = compose.podman(
                        "inspect", "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", gateway);
                compose.podman("network", "disconnect", compose.network(), gateway);
                Awaitility.await("the gateway gone from the web UI's view")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions()
                        .until(() -> MeshChecks.dashboardMembers(MeshChecks.dashboardSnapshot(uiPort, token))
                                        .size()
                                == 4);
                compose.podman("network", "connect", "--ip", address, compose.network(), gateway);
                long mendedAt = System.nanoTime();
                // Each try a new click (a key of its own): a rejected action is answered the same for its key when sent
                // again.
                AtomicInteger tries = new AtomicInteger();
                Awaitility.await("the gateway back and served")
                        .atMost(HEAL)
                        .pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions()
                        .until(() -> MeshChecks.dashboardMembers(MeshChecks.dashboardSnapshot(uiPort, token))
                                                .size()
                                        == 5
                                && "accepted"
                                        .equals(control(uiPort, token, "compose-heal-" + tries.incrementAndGet())));
                System.out.println("compose: partitioned gateway back in the mesh and served "
                        + Duration.ofNanos(System.nanoTime() - mendedAt).toMillis() + " ms after its network returned");
                assertThat(control(uiPort, token, "compose-1"))
                        .as("the first click, sent again: applied once")
                        .isEqualTo("accepted");

                // A stopped relay is a member loss; started again, it joins and links again.
                compose.podman("stop", "--time", "20", compose.container("relay"));
                long stoppedAt = System.nanoTime();
                assertThat(compose.podman(
                                "inspect",
                                "--format",
                                "{{.State.Status}} {{.State.ExitCode}}",
                                compose.container("relay")))
                        .isEqualTo("exited 0");
                Awaitility.await("the relay gone")
                        .atMost(MEMBER_LOSS)
                        .pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions()
                        .until(() -> MeshChecks.dashboardMembers(MeshChecks.dashboardSnapshot(uiPort, token))
                                        .size()
                                == 4);
                System.out.println("compose: stopped relay seen gone after "
                        + Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis() + " ms");
                compose.podman("start", compose.container("relay"));
                Awaitility.await("the relay back and linked")
                        .atMost(FORM)
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(() -> {
                            JsonObject snapshot = MeshChecks.dashboardSnapshot(uiPort, token);
                            return MeshChecks.dashboardMembers(snapshot).size() == 5
                                    && "connected".equals(MeshChecks.supervisorLink(snapshot));
                        });

                ComposeProject.Result stop = compose.compose(300, "stop", "-t", "20");
                assertThat(stop.exitCode()).as(stop.out()).isZero();
                for (String service : SERVICES) {
                    assertThat(compose.podman(
                                    "inspect",
                                    "--format",
                                    "{{.State.Status}} {{.State.ExitCode}}",
                                    compose.container(service)))
                            .as(service + " stops cleanly on SIGTERM")
                            .isEqualTo("exited 0");
                }
                ComposeProject.Result down = compose.compose(300, "down", "-v");
                assertThat(down.exitCode()).as(down.out()).isZero();
                String label = "label=io.podman.compose.project=" + project;
                assertThat(compose.podman("ps", "--all", "--quiet", "--filter", label))
                        .as("containers left")
                        .isEmpty();
                assertThat(compose.podman("volume", "ls", "--quiet", "--filter", label))
                        .as("volumes left")
                        .isEmpty();
                // podman-compose 1.0 leaves the project's network; docs/deploy.md says to remove it, as here.
                compose.podman("network", "rm", compose.network());
                assertThat(compose.podmanQuietly("network", "exists", compose.network())
                                .exitCode())
                        .as("network left")
                        .isNotZero();
            } catch (AssertionError | RuntimeException e) {
                StringBuilder logs = new StringBuilder(String.valueOf(e.getMessage()));
                for (String service : SERVICES) {
                    logs.append("\n--- ")
                            .append(service)
                            .append(" container log ---\n")
                            .append(compose.logs(service));
                }
                throw new AssertionError(logs.toString(), e);
            }
        }
    }

    /** A control action from a page with the operator token: the mesh's verdict. */
    static String control(int uiPort, String token, String key) throws Exception {
        try (BridgePage page = BridgePage.open(uiPort)) {
            JsonObject reply = page.control(
                    token,
                    new JsonObject()
                            .put("target", "gateway")
                            .put("action", "set_queue_limit")
                            .put("queue_limit", 7)
                            .put("idempotency_key", key),
                    null);
            JsonObject body = reply.getJsonObject("body", new JsonObject());
            return body.getString("result", "no answer: " + reply.encode());
        }
    }
}

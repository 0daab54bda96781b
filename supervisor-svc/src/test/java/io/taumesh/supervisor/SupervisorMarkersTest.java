package io.taumesh.supervisor;

import static io.taumesh.supervisor.SupervisorTesting.awaitChild;
import static io.taumesh.supervisor.SupervisorTesting.verticle;
import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.message.ClusterDecision;
import io.taumesh.core.bus.message.SupervisorMarker;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.supervisor.children.FailingStartVerticle;
import io.taumesh.supervisor.children.StableVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("Supervisor markers for the history axis")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class SupervisorMarkersTest {

    private static List<JsonObject> markers(Vertx vertx, long from) throws Exception {
        return SupervisorTesting.ask(vertx, Addresses.SUPERVISOR_MARKERS, new JsonObject().put("from_ms", from))
                .getJsonArray("markers")
                .stream()
                .map(JsonObject.class::cast)
                .toList();
    }

    @Test
    @DisplayName(
            "a restart, a quarantine and a release with its reason are kept, answered from a time on, and still there for the next supervisor")
    void keptAndAnswered(Vertx vertx) throws Exception {
        long before = System.currentTimeMillis();
        Path state = SupervisorTesting.stateDir();
        String first = SupervisorTesting.deploy(vertx, state, verticle("a", StableVerticle.class, "permanent", 5));
        awaitChild(vertx, "a", r -> r.getString("state").equals("running"));
        SupervisorTesting.ask(
                vertx,
                Addresses.SUPERVISOR_COMMAND,
                new JsonObject().put("command", "restart").put("child_id", "a"));
        awaitChild(
                vertx,
                "a",
                r -> r.getInteger("restart_count") == 1 && r.getString("state").equals("running"));
        SupervisorTesting.ask(
                vertx,
                Addresses.SUPERVISOR_COMMAND,
                new JsonObject().put("command", "quarantine").put("child_id", "a"));

        Awaitility.await("both markers kept")
                .atMost(Duration.ofSeconds(10))
                .until(() -> markers(vertx, before).size() == 2);
        List<JsonObject> kept = markers(vertx, before);
        assertThat(kept).extracting(m -> m.getString("kind")).containsExactly("restarted", "quarantined");
        assertThat(kept.get(0).getString("detail"))
                .as("which restart, and the budget it left")
                .matches("restart 1, \\d+ restart tokens left");
        assertThat(MarkerFile.ofChild(state, "a", 5))
                .as("read offline, as --explain child:a does")
                .extracting(SupervisorMarker::kind)
                .containsExactly("restarted", "quarantined");
        assertThat(kept).allSatisfy(m -> {
            assertThat(m.getString("subject")).isEqualTo("a");
            assertThat(m.getLong("at_ms")).isGreaterThanOrEqualTo(before);
        });
        assertThat(markers(vertx, System.currentTimeMillis() + 60_000))
                .as("none from a later time")
                .isEmpty();

        // Lifting the quarantine takes the operator's reason; it is kept with the release's marker and in the audit.
        JsonObject unexplained = SupervisorTesting.ask(
                vertx,
                Addresses.SUPERVISOR_COMMAND,
                new JsonObject().put("command", "release").put("child_id", "a").put("reason", "  "));
        assertThat(unexplained.getString("result")).isEqualTo("rejected");
        assertThat(unexplained.getString("reason")).startsWith("reason: is required to release a quarantined child");
        assertThat(SupervisorTesting.child(SupervisorTesting.state(vertx), "a").getString("state"))
                .as("still quarantined")
                .isEqualTo("quarantined");
        JsonObject released = SupervisorTesting.ask(
                vertx,
                Addresses.SUPERVISOR_COMMAND,
                new JsonObject().put("command", "release").put("child_id", "a").put("reason", "disk cleaned up"));
        assertThat(released.getString("result")).isEqualTo("accepted");
        Awaitility.await("the release kept with its reason")
                .atMost(Duration.ofSeconds(10))
                .until(() -> markers(vertx, before).size() == 3);
        JsonObject release = markers(vertx, before).get(2);
        assertThat(release.getString("kind")).isEqualTo("released");
        assertThat(release.getString("detail")).as("the operator's reason").isEqualTo("disk cleaned up");
        List<JsonObject> audit =
                SupervisorTesting.ask(vertx, Addresses.audit(MeshService.SUPERVISOR), new JsonObject())
                        .getJsonArray("entries")
                        .stream()
                        .map(JsonObject.class::cast)
                        .filter(e -> "release".equals(e.getJsonObject("action").getString("name")))
                        .toList();
        assertThat(audit)
                .extracting(e -> e.getJsonObject("outcome").getString("result"))
                .containsExactly("rejected", "accepted");
        assertThat(audit.get(1)
                        .getJsonObject("action")
                        .getJsonObject("parameter")
                        .getString("reason"))
                .isEqualTo("disk cleaned up");

        vertx.undeploy(first).await(30, TimeUnit.SECONDS);
        SupervisorTesting.deploy(vertx, state, verticle("a", StableVerticle.class, "permanent", 5));
        assertThat(markers(vertx, before))
                .as("kept on disk across the supervisor's restart")
                .extracting(m -> m.getString("kind"))
                .containsExactly("restarted", "quarantined", "released");
    }

    @Test
    @DisplayName("a node's decisions about the cluster are kept as markers, with the node that decided")
    void clusterDecisionsKept(Vertx vertx) throws Exception {
        long before = System.currentTimeMillis();
        Path state = SupervisorTesting.stateDir();
        SupervisorTesting.deploy(vertx, state, verticle("a", StableVerticle.class, "permanent", 5));
        vertx.eventBus()
                .publish(
                        Addresses.CLUSTER_DECISIONS,
                        MeshJson.toJson(new ClusterDecision(
                                1,
                                before,
                                ClusterDecision.MEMBER_REFUSED,
                                "127.0.0.1:5703",
                                "speaks mesh protocol 2, this node 1",
                                "node-1")));
        vertx.eventBus().publish(Addresses.CLUSTER_DECISIONS, new JsonObject().put("kind", 3));

        Awaitility.await("the decision kept")
                .atMost(Duration.ofSeconds(10))
                .until(() -> markers(vertx, before).size() == 1);
        JsonObject kept = markers(vertx, before).get(0);
        assertThat(kept.getString("kind")).isEqualTo("member_refused");
        assertThat(kept.getString("subject")).isEqualTo("127.0.0.1:5703");
        assertThat(kept.getString("detail")).isEqualTo("speaks mesh protocol 2, this node 1; decided by node node-1");
        assertThat(kept.getLong("at_ms")).isEqualTo(before);
    }

    @Test
    @DisplayName("a restart after an exit is kept with the backoff it waited and the kind of exit it followed")
    void restartAfterExitKept(Vertx vertx) throws Exception {
        long before = System.currentTimeMillis();
        SupervisorTesting.deploy(
                vertx, SupervisorTesting.stateDir(), verticle("db", FailingStartVerticle.class, "permanent", 2));
        awaitChild(vertx, "db", r -> r.getString("state").equals("quarantined"));
        Awaitility.await("both restarts and the quarantine kept")
                .atMost(Duration.ofSeconds(10))
                .until(() -> markers(vertx, before).size() == 3);
        assertThat(markers(vertx, before))
                .extracting(m -> m.getString("detail"))
                .containsExactly(
                        "restart 1 after 10 ms (failed_start exit), 1 restart tokens left",
                        "restart 2 after 20 ms (failed_start exit), 0 restart tokens left",
                        "restart budget exhausted (2 restarts per 3600000 ms)");
    }
}

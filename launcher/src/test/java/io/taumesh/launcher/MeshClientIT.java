package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.client.MeshClient;
import io.taumesh.client.MeshSubscription;
import io.taumesh.core.audit.AuditEntry;
import io.taumesh.core.audit.AuditPage;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.ServiceStatus;
import io.taumesh.core.bus.message.RelayHeartbeat;
import io.taumesh.core.bus.message.RunnerActionRequest;
import io.taumesh.core.bus.message.WidgetView;
import io.taumesh.core.contract.RunnerAction;
import io.taumesh.core.runner.wire.ControlResult;
import io.taumesh.testkit.RunningMesh;
import io.taumesh.testkit.TauMeshExtension;
import io.taumesh.testkit.TauMeshOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java client against a real all-in-one mesh of the same protocol version, started by the test kit. */
@DisplayName("The Java client, against a mesh the test kit started")
@ExtendWith(TauMeshExtension.class)
@TauMeshOptions(args = {"--dashboard-cycle-interval-ms", "0"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MeshClientIT {

    @Test
    @DisplayName("every service answers its status, the supervisor its state and health, typed")
    void statuses(MeshClient client) throws Exception {
        for (MeshService service : MeshService.values()) {
            ServiceStatus status = client.status(service).await(10, TimeUnit.SECONDS);
            assertThat(status.service()).isEqualTo(service.id());
            assertThat(status.state()).isNotBlank();
        }
        JsonObject state = client.supervisorState().await(10, TimeUnit.SECONDS);
        assertThat(state.getJsonObject("children").getInteger("running")).isEqualTo(4);
        assertThat(state.getJsonArray("child_runtime_records").size()).isEqualTo(4);
        assertThat(client.supervisorHealth().await(10, TimeUnit.SECONDS).getString("status"))
                .isEqualTo("ready");

        List<RelayHeartbeat> beats = new CopyOnWriteArrayList<>();
        MeshSubscription following = client.relayHeartbeats(beats::add).await(10, TimeUnit.SECONDS);
        try {
            Awaitility.await("a relay heartbeat").atMost(Duration.ofSeconds(10)).until(() -> !beats.isEmpty());
            assertThat(beats.get(0).pid()).isPositive();
        } finally {
            following.cancel().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName(
            "pausing and resuming the gateway is applied once per key and lands in its audit trail as the client's")
    void pauseAndResume(MeshClient client) throws Exception {
        RunnerActionRequest pause = RunnerActionRequest.of(RunnerAction.PAUSE).withIdempotencyKey("it-pause-1");
        ControlResult paused = client.control(MeshService.GATEWAY, pause).await(10, TimeUnit.SECONDS);
        assertThat(paused.accepted()).as(paused.reason()).isTrue();
        assertThat(client.runnerStatus(MeshService.GATEWAY)
                        .await(10, TimeUnit.SECONDS)
                        .progress()
                        .queue()
                        .paused())
                .isTrue();

        ControlResult again = client.control(MeshService.GATEWAY, pause).await(10, TimeUnit.SECONDS);
        assertThat(again.duplicate())
                .as("a retry with the same key is answered, not applied")
                .isTrue();
        assertThat(again.accepted()).isTrue();

        ControlResult resumed = client.control(MeshService.GATEWAY, RunnerActionRequest.of(RunnerAction.RESUME))
                .await(10, TimeUnit.SECONDS);
        assertThat(resumed.accepted()).as(resumed.reason()).isTrue();
        assertThat(client.runnerStatus(MeshService.GATEWAY)
                        .await(10, TimeUnit.SECONDS)
                        .progress()
                        .queue()
                        .paused())
                .isFalse();

        AuditPage trail = client.auditTrail(MeshService.GATEWAY, 10).await(10, TimeUnit.SECONDS);
        List<AuditEntry> pauses = trail.entries().stream()
                .filter(e -> "it-pause-1".equals(e.action().idempotencyKey()))
                .toList();
        assertThat(pauses).hasSize(2);
        assertThat(pauses.get(0).source().origin()).isEqualTo(MeshClient.defaultOrigin());
        assertThat(pauses.get(1).outcome().duplicate()).isTrue();
    }

    @Test
    @DisplayName("a fixture fed to the dashboard and a cycle run on demand come back as widget views on the stream")
    void widgetsFollowACycle(RunningMesh mesh, MeshClient client) throws Exception {
        List<WidgetView> views = new CopyOnWriteArrayList<>();
        MeshSubscription following = client.widgets(views::add).await(10, TimeUnit.SECONDS);
        try {
            ControlResult fed =
                    mesh.feed(MeshService.DASHBOARD, Path.of(TauMeshLauncherIT.fixture("dashboard", "healthy.json")));
            assertThat(fed.accepted()).as(fed.reason()).isTrue();
            ControlResult cycle = mesh.runCycle(MeshService.DASHBOARD);
            assertThat(cycle.accepted()).as(cycle.reason()).isTrue();

            Awaitility.await("a widget view of the cycle")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> views.stream()
                            .anyMatch(v -> v.id().equals("dashboard.health")
                                    && v.data().get("cycle_id") != null));
            assertThat(client.widgetViews().await(10, TimeUnit.SECONDS).views())
                    .extracting(WidgetView::id)
                    .contains("dashboard.health", "dashboard.rollout");
        } finally {
            following.cancel().await(10, TimeUnit.SECONDS);
        }
    }
}

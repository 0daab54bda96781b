package io.taumesh.dashboard;

import static io.taumesh.dashboard.DashboardTesting.fixture;
import static io.taumesh.dashboard.DashboardTesting.run;
import static io.taumesh.dashboard.DashboardTesting.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.metrics.MeshMetrics;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The widget projection's service levels: lag, writes, drift incidents and replay failures. */
@DisplayName("Widget projection metrics")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class ProjectionMetricsTest {

    @TempDir
    Path stateDir;

    private static double drift(MeterRegistry registry, String runtime, DriftReason reason) {
        return registry.get("tau_projection_drift_incidents")
                .tags("runtime", runtime, "reason", reason.wire())
                .counter()
                .count();
    }

    private static double replayFailures(MeterRegistry registry, String runtime) {
        return registry.get("tau_projection_replay_failures")
                .tag("runtime", runtime)
                .counter()
                .count();
    }

    private void edit(String field, Object value) throws Exception {
        Path file = stateDir.resolve(DashboardRuntime.WIDGET_VIEWS);
        Files.writeString(
                file, new JsonObject(Files.readString(file)).put(field, value).encodePrettily());
    }

    @Test
    @DisplayName(
            "a stored projection that is not the replay of the events is a drift incident by reason, and is rewritten")
    void driftAtStart(Vertx vertx) throws Exception {
        MeterRegistry registry = MeshMetrics.of(vertx);
        run(vertx, settings(stateDir, 4, fixture("healthy.json")));
        assertThat(registry.get("tau_projection_writes")
                        .tags("runtime", "dashboard", "result", "ok")
                        .counter()
                        .count())
                .isEqualTo(3);
        assertThat(registry.get("tau_projection_writes")
                        .tags("runtime", "dashboard", "result", "failed")
                        .counter()
                        .count())
                .isZero();
        run(vertx, settings(stateDir, 4));
        assertThat(registry.find("tau_projection_drift_incidents").counters())
                .allSatisfy(c -> assertThat(c.count()).isZero());

        edit("summary_hash", "0".repeat(64));
        run(vertx, settings(stateDir, 4));
        assertThat(drift(registry, "dashboard", DriftReason.SUMMARY_HASH_MISMATCH))
                .isEqualTo(1);
        assertThat(new DashboardInspection(stateDir).reproject().matches())
                .as("rewritten from the replay")
                .isTrue();

        edit("projection_version", WidgetProjection.VERSION + 1);
        run(vertx, settings(stateDir, 4));
        assertThat(drift(registry, "dashboard", DriftReason.PROJECTION_VERSION_CHANGED))
                .isEqualTo(1);

        edit("cycle_id", 99);
        run(vertx, settings(stateDir, 4));
        assertThat(drift(registry, "dashboard", DriftReason.CHECKPOINT_AHEAD)).isEqualTo(1);

        Files.writeString(stateDir.resolve(DashboardRuntime.WIDGET_VIEWS), "{\"cut short");
        run(vertx, settings(stateDir, 4));
        assertThat(drift(registry, "dashboard", DriftReason.SUMMARY_HASH_MISMATCH))
                .isEqualTo(2);
        assertThat(new DashboardInspection(stateDir).reproject().matches()).isTrue();
        assertThat(drift(registry, "dashboard", DriftReason.SUMMARY_HASH_MISMATCH)
                        + drift(registry, "dashboard", DriftReason.PROJECTION_VERSION_CHANGED)
                        + drift(registry, "dashboard", DriftReason.CHECKPOINT_AHEAD))
                .isEqualTo(4);
    }

    @Test
    @DisplayName("an event line a rebuild cannot replay is a replay failure; the projection is rebuilt without it")
    void replayFailure(Vertx vertx) throws Exception {
        MeterRegistry registry = MeshMetrics.of(vertx);
        run(vertx, settings(stateDir, 4, fixture("healthy.json")));
        Path events = stateDir.resolve("runtime-events.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(events));
        lines.add(1, "{\"schema_version\":1,\"runtime\":\"dashboard\",\"cycle_id\":\"not a number\"}");
        Files.write(events, lines);
        run(vertx, settings(stateDir, 4));
        assertThat(replayFailures(registry, "dashboard"))
                .as("a start trusts the stored projection: no replay")
                .isZero();

        Files.delete(stateDir.resolve(DashboardRuntime.WIDGET_VIEWS));
        run(vertx, settings(stateDir, 4));
        assertThat(replayFailures(registry, "dashboard")).isEqualTo(1);
        assertThat(new DashboardInspection(stateDir).reproject().matches())
                .as("rebuilt without the line")
                .isTrue();
    }

    @Test
    @DisplayName(
            "the service's lag returns to 0 once its cycles are projected; gaps, resets and unreadable events of the gateway are counted")
    void liveService(Vertx vertx) throws Exception {
        MeterRegistry registry = MeshMetrics.of(vertx);
        String deployment = vertx.deployVerticle(
                        new DashboardVerticle(),
                        new DeploymentOptions()
                                .setConfig(DashboardVerticle.SERVICE.toConfig(
                                        settings(stateDir, 3, fixture("healthy.json")))))
                .await(30, TimeUnit.SECONDS);
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> registry.get("tau_projection_writes")
                                .tags("runtime", "dashboard", "result", "ok")
                                .counter()
                                .count()
                        >= 3);
        assertThat(registry.get("tau_projection_lag_events")
                        .tag("runtime", "dashboard")
                        .gauge()
                        .value())
                .isZero();

        long now = Instant.now().toEpochMilli();
        for (long cycle : List.of(1L, 2L, 5L, 1L)) {
            vertx.eventBus()
                    .publish(
                            Addresses.GATEWAY_EVENTS,
                            MeshJson.toJson(DashboardRuntimeTest.report(
                                    "gateway", cycle, now, "healthy", "pass", 0, List.of("healthy_cycle"))));
        }
        vertx.eventBus().publish(Addresses.GATEWAY_EVENTS, new JsonObject().put("cycle_id", "garbled"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> replayFailures(registry, "gateway") == 1);
        assertThat(drift(registry, "gateway", DriftReason.EVENTS_MISSED)).isEqualTo(1);
        assertThat(drift(registry, "gateway", DriftReason.CHECKPOINT_AHEAD)).isEqualTo(1);
        assertThat(registry.get("tau_projection_lag_events")
                        .tag("runtime", "gateway")
                        .gauge()
                        .value())
                .isZero();

        vertx.undeploy(deployment).await(30, TimeUnit.SECONDS);
        assertThat(registry.find("tau_projection_lag_events").gauges()).isEmpty();
    }
}

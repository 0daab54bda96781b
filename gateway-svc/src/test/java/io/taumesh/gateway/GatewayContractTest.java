package io.taumesh.gateway;

import static io.taumesh.gateway.GatewayTesting.fixture;
import static io.taumesh.gateway.GatewayTesting.run;
import static io.taumesh.gateway.GatewayTesting.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.runner.engine.RuntimeProfile;
import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.fixture.FixtureException;
import io.taumesh.core.runner.fixture.FixtureLoader;
import io.taumesh.core.runner.fixture.LoadedFixture;
import io.taumesh.core.runner.wire.RunnerState;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** gateway_contract: the fixture contract, and the reason codes and gates each fixture of runbook 001 drives. */
@DisplayName("Gateway contract")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class GatewayContractTest {

    @TempDir
    Path stateDir;

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of(
                        "healthy.json",
                        64,
                        List.of("healthy_cycle"),
                        "healthy",
                        "pass",
                        "guardrails_within_thresholds"),
                Arguments.of(
                        "backpressure.json",
                        4,
                        List.of("queue_backpressure_applied", "healthy_cycle"),
                        "healthy",
                        "pass",
                        "guardrails_within_thresholds"),
                Arguments.of(
                        "duplicates.json",
                        64,
                        List.of("duplicate_cases_skipped"),
                        "healthy",
                        "pass",
                        "guardrails_within_thresholds"),
                Arguments.of(
                        "malformed.json",
                        64,
                        List.of("malformed_inputs_observed"),
                        "healthy",
                        "pass",
                        "guardrails_within_thresholds"),
                Arguments.of(
                        "retry.json",
                        64,
                        List.of("retry_attempted"),
                        "degraded",
                        "pass",
                        "guardrails_within_thresholds"),
                Arguments.of(
                        "retryable-failures.json",
                        64,
                        List.of("retry_attempted", "retryable_failures_observed"),
                        "degraded",
                        "hold",
                        "retryable_failures_threshold_breached"),
                Arguments.of(
                        "failures.json",
                        64,
                        List.of("case_processing_failed"),
                        "degraded",
                        "pass",
                        "guardrails_within_thresholds"),
                Arguments.of(
                        "failure-streak.json",
                        2,
                        List.of("queue_backpressure_applied", "case_processing_failed"),
                        "failing",
                        "hold",
                        "failure_streak_threshold_breached"));
    }

    @ParameterizedTest(name = "{0} (queue limit {1}) -> {2}, {3}, {4}")
    @MethodSource("fixtures")
    @DisplayName("each fixture drives its reason codes, health and gate")
    void fixtureDrivesItsSignals(
            String file, int queueLimit, List<String> codes, String health, String gate, String gateReason, Vertx vertx)
            throws Exception {
        GatewayTesting.Run run = run(vertx, settings(stateDir, queueLimit, fixture(file)), 100);
        assertThat(run.allReasonCodes()).containsExactlyInAnyOrderElementsOf(codes);
        RunnerState state = run.runtime().runner().state();
        assertThat(state.standing().health().state().wire()).isEqualTo(health);
        assertThat(state.standing().rollout().gate().wire()).isEqualTo(gate);
        assertThat(state.standing().rollout().reasonCode()).isEqualTo(gateReason);
        assertThat(state.queue().queueDepth()).isZero();
    }

    @Test
    @DisplayName("every reason code of runbook 001 is driven by some fixture")
    void everyReasonCodeCovered() {
        List<String> covered = fixtures()
                .flatMap(a -> ((List<?>) a.get()[2]).stream())
                .map(Object::toString)
                .distinct()
                .toList();
        assertThat(covered)
                .containsExactlyInAnyOrder(
                        "healthy_cycle",
                        "queue_backpressure_applied",
                        "duplicate_cases_skipped",
                        "malformed_inputs_observed",
                        "retry_attempted",
                        "retryable_failures_observed",
                        "case_processing_failed");
    }

    @Test
    @DisplayName("malformed cases are rejected with field and reason, and the rest of the fixture runs")
    void malformedCases(Vertx vertx) throws Exception {
        GatewayTesting.Run run = run(vertx, settings(stateDir, 64, fixture("malformed.json")), 10);
        var cycle = run.cycles().get(0);
        assertThat(cycle.results().counts().malformed()).isEqualTo(6);
        assertThat(cycle.results().counts().succeeded()).isEqualTo(2);
        assertThat(cycle.notes())
                .extracting(n -> n.field())
                .containsExactly(
                        "cases[1].case_id",
                        "cases[2].actor_id",
                        "cases[3].request",
                        "cases[4].expcet",
                        "cases[5].simulate.transient_failures",
                        "cases[6]");
        assertThat(cycle.notes()).allSatisfy(n -> assertThat(n.reason()).isNotBlank());
    }

    @Test
    @DisplayName("a case's outcome lands in its actor's channel store, with the gateway's answer")
    void channelStore(Vertx vertx) throws Exception {
        run(vertx, settings(stateDir, 64, fixture("healthy.json")), 10);
        Path bob = stateDir.resolve("channel-store/gateway/bob/outputs.jsonl");
        List<String> lines = Files.readAllLines(bob, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0))
                .contains("\"case_id\":\"healthy-003\"")
                .contains("\"seq\":1")
                .contains("\"outcome\":\"succeeded\"");
        assertThat(lines.get(1)).contains("\"status\":400").contains("\"field\":\"text\"");
        assertThat(Files.exists(stateDir.resolve("state.json"))).isTrue();
        assertThat(Files.readAllLines(stateDir.resolve("runtime-events.jsonl"))).hasSize(1);
    }

    @Test
    @DisplayName("a fixture that is wrong at the top level is refused whole, naming the file and field")
    void topLevelRefusal(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"schema_version\":1,\"runtime\":\"dashboard\",\"cases\":[]}");
        FixtureLoader loader = new FixtureLoader(new RuntimeProfile(
                        "gateway", "actor_id", new GatewayCaseProcessor(new ActorIngress()), GatewayGuardrails.DEFAULT)
                .fixtureFormat());
        assertThatThrownBy(() -> loader.load(bad))
                .isInstanceOf(FixtureException.class)
                .hasMessageContaining("bad.json: runtime: is 'dashboard' but this is the gateway runner");
        assertThatThrownBy(() -> loader.load(dir.resolve("missing.json"))).hasMessageContaining("file: does not exist");
        LoadedFixture healthy = loader.load(fixture("healthy.json"));
        assertThat(healthy.entries()).hasSize(8).allMatch(e -> e instanceof FixtureEntry.Valid);
    }
}

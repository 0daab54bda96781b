package io.taumesh.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.runner.engine.RuntimeProfile;
import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.fixture.FixtureLoader;
import io.taumesh.core.runner.fixture.LoadedFixture;
import io.taumesh.core.runner.wire.CaseResult;
import io.taumesh.core.testing.PublishedSchema;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The published dashboard fixture and control-action schemas (docs/schemas) agree with the validators that run. */
@DisplayName("Dashboard and control-action schemas")
class DashboardSchemaTest {

    private final FixtureLoader loader = new FixtureLoader(new RuntimeProfile(
                    DashboardRuntime.RUNTIME,
                    DashboardRuntime.CHANNEL_FIELD,
                    new DashboardCaseProcessor(new ChannelViews(), new ControlRouter(null), CanaryDecisions.none()),
                    DashboardGate.INSTANCE)
            .fixtureFormat());
    private final PublishedSchema fixtures = PublishedSchema.named("dashboard-fixture.schema.json");
    private final PublishedSchema actions = PublishedSchema.named("control-action.schema.json");

    @Test
    @DisplayName("flags every case the loader rejects, and otherwise only cases that are refused when they run")
    void fixturesAgree() throws Exception {
        try (Stream<Path> files = Files.list(DashboardTesting.FIXTURES)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                LoadedFixture fixture = loader.load(file);
                Set<Integer> rejected = PublishedSchema.rejectedCases(fixture);
                Set<Integer> flagged = fixtures.flaggedCases(file);
                assertThat(flagged)
                        .as(file.getFileName() + ": cases the schema flags")
                        .containsAll(rejected);
                // The schema also describes what is checked as a case runs (a widget's id and kind, an action's
                // target): what else it flags must be refused when it runs.
                for (int i : flagged) {
                    if (!rejected.contains(i)) {
                        FixtureEntry.Valid valid =
                                (FixtureEntry.Valid) fixture.entries().get(i);
                        assertThat(refusedWhenRun(valid))
                                .as(file.getFileName() + " case " + i + " is refused when it runs")
                                .isTrue();
                    }
                }
            }
        }
    }

    private boolean refusedWhenRun(FixtureEntry.Valid entry) {
        JsonObject action = entry.input().getJsonObject("action");
        if (action != null) {
            return ControlRouter.problem(action).isPresent();
        }
        CaseResult result = new DashboardCaseProcessor(
                        new ChannelViews(), new ControlRouter(null), CanaryDecisions.none())
                .process(entry, 1, Correlation.fresh())
                .result();
        return result.status() == 400;
    }

    @Test
    @DisplayName("a routed action is valid exactly when the router takes it")
    void actionsAgree() {
        List<JsonObject> samples = List.of(
                new JsonObject().put("target", "gateway").put("action", "pause"),
                new JsonObject()
                        .put("target", "gateway")
                        .put("action", "set_queue_limit")
                        .put("queue_limit", 8),
                new JsonObject()
                        .put("target", "supervisor")
                        .put("action", "restart_child")
                        .put("child_id", "gateway"),
                new JsonObject()
                        .put("target", "supervisor")
                        .put("action", "quarantine_child")
                        .put("child_id", "relay"),
                new JsonObject().put("target", "gateway").put("action", "explode"),
                new JsonObject().put("target", "mars").put("action", "pause"),
                new JsonObject().put("target", "supervisor").put("action", "restart_child"),
                new JsonObject()
                        .put("target", "supervisor")
                        .put("action", "pause")
                        .put("child_id", "gateway"));
        for (JsonObject action : samples) {
            Optional<FieldError> problem = ControlRouter.problem(action);
            assertThat(actions.problems(action).isEmpty())
                    .as(action + " (router: " + problem + ")")
                    .isEqualTo(problem.isEmpty());
        }
    }
}

package io.taumesh.core.bus.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.contract.ChildLifecycle;
import io.taumesh.core.contract.ChildState;
import io.taumesh.core.contract.ExitKind;
import io.taumesh.core.contract.SupervisorCommand;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shared message records: each one reads back what it writes, with the field names docs/event-bus.md gives, and
 * every record that is a body of its own (not only a part of another) is named on that page.
 */
class MessageBookTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path SOURCES = ROOT.resolve("mesh-core/src/main/java/io/taumesh/core/bus/message");

    private static final ChildExit EXIT = new ChildExit(ExitKind.FAILED, "exit code 3", "2026-12-04T00:00:00Z", "d");

    /** One sample of each record of the package. */
    private static final List<Record> SAMPLES = List.of(
            ClusterView.of(
                    "c",
                    "n1",
                    "127.0.0.1:5701",
                    List.of(new ClusterView.Member("127.0.0.1:5701", "u", "n1", true, 2)),
                    List.of("127.0.0.1:5702"),
                    null),
            RelayHeartbeat.of("n1", 42, "/run/tau.sock", 1, "2026-12-04T00:00:00Z", null),
            EXIT,
            ChildEvent.now(
                    ChildLifecycle.EXITED, "db", ChildState.BACKOFF, new ChildEvent.Restarts(2, 3), EXIT, null, null),
            ShutdownPhaseEvent.now("ShutdownPhase::StoppingChildren"),
            SupervisorCommandRequest.of(SupervisorCommand.RESTART, "gateway").withIdempotencyKey("k-1"),
            SupervisorCommandResult.rejected("restart", "gateway", "no child with id 'gateway'"),
            new WidgetView(1, "health", "status", Map.of("state", "healthy"), 3, "2026-12-04T00:00:00Z"),
            DashboardViews.of(
                    List.of(new WidgetView(1, "health", "status", Map.of(), 1, "2026-12-04T00:00:00Z")), "abc"),
            ChannelViewsAnswer.of("ops", List.of(), 2, List.of(Map.of("action", "pause"))),
            RunnerActionRequest.queueLimit(50).withIdempotencyKey("k-2"),
            new SupervisorMarker(1_800_000_000_000L, "quarantined", "relay", "by command"),
            SupervisorMarkers.of(
                    List.of(new SupervisorMarker(1_800_000_000_000L, "member_left", "127.0.0.1:5702", null))),
            IngressView.of(1_800_000_000_000L, 1, List.of(new IngressView.Actor("alice", 3, 1, 0, 4))),
            new ClusterDecision(
                    1,
                    1_800_000_000_000L,
                    ClusterDecision.MEMBER_REFUSED,
                    "127.0.0.1:5703",
                    "speaks mesh protocol 2, this node 1",
                    "n1"),
            ChildEvent.now(
                    ChildLifecycle.RESTARTED,
                    "db",
                    ChildState.STARTING,
                    new ChildEvent.Restarts(3, 2, 400L, "crashed"),
                    null,
                    null,
                    null));

    @Test
    void everyRecordOfThePackageHasASample() throws IOException {
        Set<String> records;
        try (Stream<Path> files = Files.list(SOURCES)) {
            records = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".java") && !n.equals("package-info.java"))
                    .map(n -> n.substring(0, n.length() - ".java".length()))
                    .collect(Collectors.toSet());
        }
        assertThat(SAMPLES.stream().map(r -> r.getClass().getSimpleName()).collect(Collectors.toSet()))
                .isEqualTo(records);
    }

    @Test
    void eachRecordReadsBackWhatItWrites() {
        for (Record sample : SAMPLES) {
            JsonObject json = MeshJson.toJson(sample);
            assertThat(MeshJson.bind(json, sample.getClass())).as(json.encode()).isEqualTo(sample);
        }
    }

    @Test
    void fieldsAreSnakeCaseAndOptionalOnesAreLeftOut() {
        assertThat(MeshJson.toJson(SAMPLES.get(1)).fieldNames())
                .containsExactlyInAnyOrder("schema_version", "node_id", "pid", "path", "clients", "at");
        assertThat(MeshJson.toJson(SAMPLES.get(3)).fieldNames())
                .containsExactlyInAnyOrder(
                        "schema_version",
                        "event",
                        "child_id",
                        "state",
                        "restart_count",
                        "restart_budget_tokens",
                        "at",
                        "exit");
        assertThat(MeshJson.toJson(SAMPLES.get(3)).getString("event")).isEqualTo("exited");
        assertThat(MeshJson.toJson(SAMPLES.get(SAMPLES.size() - 1)).encode())
                .as("a restart after an exit: its delay and the kind of exit, flat")
                .contains(
                        "\"restart_count\":3,\"restart_budget_tokens\":2,\"restart_delay_ms\":400,\"crash_class\":\"crashed\"");
        assertThat(MeshJson.toJson(SAMPLES.get(0)).encode())
                .startsWith("{\"schema_version\":1,\"cluster_name\":\"c\"")
                .contains("\"member_count\":1", "\"split_from\":null");
    }

    @Test
    void aControlActionCarriesOnlyTheFieldsItNeeds() {
        assertThat(MeshJson.toJson(RunnerActionRequest.replay("fixtures/healthy.json")))
                .isEqualTo(new JsonObject().put("action", "replay_fixture").put("fixture", "fixtures/healthy.json"));
    }

    @Test
    void aCommandTypedByHandNeedsNoSchemaVersion() {
        SupervisorCommandRequest typed = MeshJson.bind(
                new JsonObject().put("command", "restart").put("child_id", "gateway"), SupervisorCommandRequest.class);
        assertThat(typed.command()).isEqualTo("restart");
        assertThat(typed.childId()).isEqualTo("gateway");
        assertThat(typed.schemaVersion()).isNull();
    }

    @Test
    void everyBodyOfItsOwnIsNamedInTheAddressBook() throws IOException {
        String book = Files.readString(ROOT.resolve("docs/event-bus.md"));
        Set<Class<?>> parts = SAMPLES.stream()
                .flatMap(r -> Arrays.stream(r.getClass().getRecordComponents()))
                .map(c -> c.getType())
                .collect(Collectors.toSet());
        List<String> missing = SAMPLES.stream()
                .map(Record::getClass)
                .filter(type -> !parts.contains(type))
                .map(Class::getSimpleName)
                .filter(name -> !book.contains("`" + name + "`"))
                .toList();
        assertThat(missing).as("records not named in docs/event-bus.md").isEmpty();
    }
}

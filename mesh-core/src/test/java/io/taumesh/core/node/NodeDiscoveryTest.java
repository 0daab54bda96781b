package io.taumesh.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A node's discovery file")
@ExtendWith(NoBlockedThreads.class)
class NodeDiscoveryTest {

    @TempDir
    Path work;

    private static final long SELF = ProcessHandle.current().pid();

    private static NodeDiscovery.Entry entry(long pid, String cluster, String startedAt, String... services) {
        return new NodeDiscovery.Entry(
                NodeDiscovery.SCHEMA_VERSION,
                pid,
                startedAt,
                cluster,
                "node-" + pid,
                "http://127.0.0.1:1",
                "token-of-" + pid + "-0123456789",
                List.of(services));
    }

    /** A pid no process has: that of a process that ran and ended. */
    private static long endedPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor(10, TimeUnit.SECONDS);
        return p.pid();
    }

    @Test
    @DisplayName(
            "a running node writes it (0600 in a 0700 dir) with its ops URL and token, and removes it when it stops")
    void writtenWhileRunning() throws Exception {
        Path dir = work.resolve("nodes");
        String cluster = TestClusters.uniqueName("discovery");
        NodeSettings settings = new NodeSettings(
                ClusterSettings.loopback(cluster), "127.0.0.1", 0, MeshNode.DEFAULT_EVENT_LOOPS, dir, null, null);
        MeshRuntime runtime = MeshRuntime.start(settings, List.of()).await(60, TimeUnit.SECONDS);
        Path file = NodeDiscovery.fileOf(dir, SELF);
        try {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            List<NodeDiscovery.Entry> found = NodeDiscovery.live(dir, cluster, MeshService.SUPERVISOR.id());
            assertThat(found).singleElement().satisfies(e -> {
                assertThat(e.opsUrl()).isEqualTo(runtime.opsUrl());
                assertThat(e.opsToken()).isEqualTo(settings.opsToken());
                assertThat(e.nodeId()).isEqualTo(runtime.node().nodeId());
            });
            assertThat(found.get(0).toString()).doesNotContain(settings.opsToken());
            assertThat(settings.toString()).doesNotContain(settings.opsToken());
            assertThat(NodeDiscovery.live(dir, cluster + "-other", "supervisor"))
                    .isEmpty();
        } finally {
            runtime.close().await(30, TimeUnit.SECONDS);
        }
        assertThat(file).doesNotExist();
    }

    @Test
    @DisplayName("entries of processes that ended are passed over by readers and removed by the next writer")
    void staleEntries() throws Exception {
        Path dir = work.resolve("nodes");
        long ended = endedPid();
        NodeDiscovery.write(dir, entry(ended, "c", "2026-01-01T00:00:00Z", "supervisor"));
        assertThat(NodeDiscovery.live(dir, "c", "supervisor")).isEmpty();
        NodeDiscovery.write(dir, entry(SELF, "c", "2026-01-02T00:00:00Z", "gateway"));
        assertThat(NodeDiscovery.fileOf(dir, ended)).doesNotExist();
        assertThat(NodeDiscovery.live(dir, "c", "supervisor"))
                .extracting(NodeDiscovery.Entry::pid)
                .containsExactly(SELF);
    }

    @Test
    @DisplayName(
            "a reader prefers the node hosting the service it asks for, then the newest; it passes over what it cannot read")
    void preference() throws Exception {
        Path dir = work.resolve("nodes");
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        NodeDiscovery.write(dir, entry(SELF, "c", "2026-01-02T00:00:00Z", "relay"));
        Files.writeString(
                NodeDiscovery.fileOf(dir, parent),
                entry(parent, "c", "2026-01-01T00:00:00Z", "supervisor")
                        .toJson()
                        .encode());
        assertThat(NodeDiscovery.live(dir, "c", "supervisor"))
                .extracting(NodeDiscovery.Entry::pid)
                .containsExactly(parent, SELF);
        assertThat(NodeDiscovery.live(dir, "c", "relay"))
                .extracting(NodeDiscovery.Entry::pid)
                .containsExactly(SELF, parent);

        Files.writeString(NodeDiscovery.fileOf(dir, parent), "{\"schema_version\":1,\"pid\":");
        assertThat(NodeDiscovery.live(dir, "c", "supervisor"))
                .extracting(NodeDiscovery.Entry::pid)
                .containsExactly(SELF);
        Files.writeString(
                NodeDiscovery.fileOf(dir, parent),
                entry(parent, "c", "x", "supervisor")
                        .toJson()
                        .put("schema_version", 2)
                        .put("future_field", new JsonObject())
                        .encode());
        assertThat(NodeDiscovery.live(dir, "c", "supervisor"))
                .extracting(NodeDiscovery.Entry::pid)
                .containsExactly(SELF);
    }

    @Test
    @DisplayName("an entry reads back as written, fields it does not know passed over")
    void roundTrip() throws Exception {
        NodeDiscovery.Entry written = entry(SELF, "c", "2026-01-02T00:00:00Z", "supervisor", "relay");
        String text = written.toJson()
                .put("later", new JsonObject().put("a", List.of(1, 2)))
                .encode();
        assertThat(NodeDiscovery.Entry.parse(text)).isEqualTo(written);
    }
}

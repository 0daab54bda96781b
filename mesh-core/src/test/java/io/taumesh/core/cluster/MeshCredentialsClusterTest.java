package io.taumesh.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.node.MeshNode;
import io.taumesh.core.security.MeshCredentials;
import io.taumesh.core.security.MeshCredentialsFile;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.eventbus.DeliveryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Nodes holding the mesh's credentials")
@ExtendWith(NoBlockedThreads.class)
class MeshCredentialsClusterTest {

    @TempDir
    Path dir;

    private final List<MeshNode> nodes = new ArrayList<>();

    @AfterEach
    void closeNodes() throws Exception {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close().await(30, TimeUnit.SECONDS);
        }
    }

    private MeshNode start(ClusterSettings settings) throws Exception {
        MeshNode node = MeshNode.start(settings).await(60, TimeUnit.SECONDS);
        nodes.add(node);
        return node;
    }

    private static String ask(MeshNode from, String address) {
        try {
            return from.vertx()
                    .eventBus()
                    .<String>request(address, "ping", new DeliveryOptions().setSendTimeout(2_000))
                    .await(5, TimeUnit.SECONDS)
                    .body();
        } catch (Exception e) {
            return null;
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    @DisplayName(
            "nodes with the same credentials form one cluster and talk over the pinned TLS; a rotation rolls through "
                    + "them step by step without a restart, and after it a node with the old credentials stays out while one with the "
                    + "new ones joins")
    void rotationRollsThroughRunningNodes() throws Exception {
        Path credentials = dir.resolve("credentials");
        String cluster = TestClusters.uniqueName("credentials");
        ClusterSettings base = new ClusterSettings(cluster, "127.0.0.1", 0, List.of(), 0).withCredentials(credentials);
        MeshNode first = start(base);
        List<String> seeds = List.of(first.members().localAddress());
        MeshNode second = start(base.withMembers(seeds));
        assertThat(first.members().size()).isEqualTo(2);
        assertThat(first.access().busSecured(BusTls.OFF)).isTrue();
        first.vertx()
                .eventBus()
                .<String>consumer("test.credentials.echo", m -> m.reply("pong"))
                .completion()
                .await(10, TimeUnit.SECONDS);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> "pong".equals(ask(second, "test.credentials.echo")));

        MeshCredentialsFile file = MeshCredentialsFile.at(credentials);
        MeshCredentials old = file.load();
        Path oldCopy = dir.resolve("old.json");
        Files.copy(file.file(), oldCopy);
        Files.setPosixFilePermissions(oldCopy, PosixFilePermissions.fromString("rw-------"));
        MeshCredentials state = old;
        for (int step = 1; step <= 3; step++) {
            state = state.rotated();
            file.write(state);
            MeshCredentials expected = state;
            Awaitility.await("step " + step + " taken by both nodes")
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> nodes.stream()
                            .allMatch(
                                    n -> n.access().credentials().orElseThrow().equals(expected)));
            // The members still talk after each step (connections made before it keep going).
            Awaitility.await("talking after step " + step)
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> "pong".equals(ask(second, "test.credentials.echo")));
        }
        assertThat(first.members().size()).as("no member lost on the way").isEqualTo(2);
        assertThat(state.current().id()).isNotEqualTo(old.current().id());

        MeshNode stale = start(base.withMembers(seeds).withCredentials(oldCopy));
        assertThat(stale.members().size())
                .as("the old credentials no longer let a node in")
                .isEqualTo(1);
        assertThat(ask(stale, "test.credentials.echo")).isNull();
        MeshNode fresh = start(base.withMembers(seeds));
        assertThat(fresh.members().size()).as("the new ones do").isEqualTo(3);
        assertThat(ask(fresh, "test.credentials.echo")).isEqualTo("pong");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("a node with other credentials, or with none, on the same cluster name, neither joins nor talks")
    void otherCredentialsStayOut() throws Exception {
        String cluster = TestClusters.uniqueName("credentials-out");
        ClusterSettings base = new ClusterSettings(cluster, "127.0.0.1", 0, List.of(), 0);
        MeshNode owner = start(base.withCredentials(dir.resolve("owner")));
        owner.vertx()
                .eventBus()
                .<String>consumer("test.credentials.secret", m -> m.reply("pong"))
                .completion()
                .await(10, TimeUnit.SECONDS);
        List<String> seeds = List.of(owner.members().localAddress());
        MeshNode other = start(base.withMembers(seeds).withCredentials(dir.resolve("other")));
        MeshNode none = start(base.withMembers(seeds));
        assertThat(owner.members().size()).isEqualTo(1);
        assertThat(other.members().size()).isEqualTo(1);
        assertThat(none.members().size()).isEqualTo(1);
        assertThat(ask(other, "test.credentials.secret")).isNull();
        assertThat(ask(none, "test.credentials.secret")).isNull();
    }
}

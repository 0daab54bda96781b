package io.taumesh.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.bus.MeshJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName(
        "The mesh's credentials: made once, owner-only, refused when open, lost or malformed; rotated in three steps")
class MeshCredentialsTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("the first start makes them in a 0700 dir as a 0600 file; later starts read the same")
    void madeOnceOwnerOnly() throws Exception {
        Path where = dir.resolve("credentials");
        MeshCredentials made = MeshCredentialsFile.at(where).loadOrCreate();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(where)))
                .isEqualTo("rwx------");
        Path file = where.resolve(MeshCredentialsFile.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (var entries = Files.list(dir)) {
            assertThat(entries).as("nothing left beside the dir").containsExactly(where);
        }
        assertThat(made.phase()).isEqualTo(MeshCredentials.Phase.STEADY);
        assertThat(made.current().join()).hasSize(64);
        assertThat(made.current().certificate().getSubjectX500Principal().getName())
                .isEqualTo("CN=tau-mesh");
        assertThat(made.current().privateKey().getAlgorithm()).isEqualTo("EC");
        assertThat(MeshCredentialsFile.at(where).loadOrCreate()).isEqualTo(made);
        assertThat(made.toString()).doesNotContain(made.current().join());
        // A file given as it is (a container's secret) is read, never made.
        assertThat(MeshCredentialsFile.at(file).load()).isEqualTo(made);
    }

    @Test
    @DisplayName("nodes started together on a fresh dir all read the one set of credentials that was placed first")
    void nodesStartedTogether() throws Exception {
        int nodes = 4;
        // Each node brings credentials of its own (made once: a key costs a keytool run), so the file read back
        // tells whose placement won.
        List<MeshCredentials> own = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            own.add(MeshCredentials.fresh());
        }
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            for (int round = 0; round < 25; round++) {
                Path where = dir.resolve("together-" + round);
                CyclicBarrier start = new CyclicBarrier(nodes);
                List<Future<MeshCredentials>> read = new ArrayList<>();
                for (int n = 0; n < nodes; n++) {
                    MeshCredentials mine = own.get(n);
                    read.add(pool.submit(() -> {
                        start.await();
                        return MeshCredentialsFile.at(where).loadOrCreate(() -> mine);
                    }));
                }
                MeshCredentials first = read.get(0).get(30, TimeUnit.SECONDS);
                for (Future<MeshCredentials> each : read) {
                    assertThat(each.get(30, TimeUnit.SECONDS)).isEqualTo(first);
                }
                assertThat(MeshCredentialsFile.at(where).load()).isEqualTo(first);
            }
            try (var entries = Files.list(dir)) {
                assertThat(entries.map(p -> p.getFileName().toString()))
                        .as("no node's unplaced copy is left behind")
                        .allMatch(name -> name.startsWith("together-"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a lost file, a file or dir open to others, and a malformed file are errors that name the file")
    void refusals() throws Exception {
        Path where = dir.resolve("credentials");
        MeshCredentials made = MeshCredentialsFile.at(where).loadOrCreate();
        Path file = where.resolve(MeshCredentialsFile.FILE_NAME);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> MeshCredentialsFile.at(where).load())
                .hasMessageContaining(file.toString())
                .hasMessageContaining("open to other users")
                .hasMessageContaining("chmod 600");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(where, PosixFilePermissions.fromString("rwxr-x---"));
        assertThatThrownBy(() -> MeshCredentialsFile.at(where).load()).hasMessageContaining("chmod 700");
        Files.setPosixFilePermissions(where, PosixFilePermissions.fromString("rwx------"));

        String json = Files.readString(file);
        Files.writeString(file, json.replace(made.current().join(), "not-hex"));
        assertThatThrownBy(() -> MeshCredentialsFile.at(where).load())
                .hasMessageContaining(file.toString())
                .hasMessageContaining("join: must be 64 lowercase hex digits");
        Files.writeString(file, "{\"schema_version\": 1");
        assertThatThrownBy(() -> MeshCredentialsFile.at(where).load())
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not JSON");

        Files.delete(file);
        assertThatThrownBy(() -> MeshCredentialsFile.at(where).loadOrCreate())
                .as("lost: never silently replaced")
                .hasMessageContaining(file + " are missing")
                .hasMessageContaining("restore the file");
    }

    @Test
    @DisplayName("a rotation announces, switches, then drops the old generation; each node trusts both in between")
    void rotation() {
        MeshCredentials steady = MeshCredentials.fresh();
        MeshCredentials announced = steady.rotated();
        assertThat(announced.phase()).isEqualTo(MeshCredentials.Phase.ANNOUNCED);
        assertThat(announced.current()).isEqualTo(steady.current());
        assertThat(announced.trusted()).containsExactly(steady.current(), announced.next());
        MeshCredentials switched = announced.rotated();
        assertThat(switched.phase()).isEqualTo(MeshCredentials.Phase.SWITCHED);
        assertThat(switched.current()).isEqualTo(announced.next());
        assertThat(switched.trusted()).containsExactly(announced.next(), steady.current());
        MeshCredentials done = switched.rotated();
        assertThat(done.phase()).isEqualTo(MeshCredentials.Phase.STEADY);
        assertThat(done.trusted()).containsExactly(announced.next());
        assertThat(done.current().id()).isNotEqualTo(steady.current().id());
        // The JSON keeps every generation a phase needs.
        assertThat(MeshJson.mapper().convertValue(MeshJson.toJson(announced).getMap(), MeshCredentials.class))
                .isEqualTo(announced);
    }

    @Test
    @DisplayName(
            "the join name: the cluster name and a token of the secret, the same for the same secret, never the secret")
    void joinName() {
        MeshKey key = MeshCredentials.fresh().current();
        String name = key.joinName("tau-mesh");
        assertThat(name)
                .startsWith("tau-mesh.")
                .hasSize("tau-mesh.".length() + 32)
                .doesNotContain(key.join());
        assertThat(key.joinName("tau-mesh")).isEqualTo(name);
        assertThat(key.joinName("second")).isNotEqualTo(name.replace("tau-mesh", "second"));
        MeshKey other = new MeshKey(null, HexFormat.of().formatHex(new byte[32]), key.key(), key.cert());
        assertThat(other.joinName("tau-mesh")).isNotEqualTo(name);
    }
}

package io.taumesh.core.runner.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.files.StateFs;
import io.taumesh.core.runner.NumbersRuntime;
import io.taumesh.core.runner.control.RunnerBatch;
import io.taumesh.core.runner.storage.StateException;
import io.taumesh.core.runner.storage.StateStore;
import io.taumesh.core.runner.wire.RunnerStatus;
import io.taumesh.core.runner.wire.StorageFault;
import io.taumesh.core.testing.NoBlockedThreads;
import io.taumesh.core.testing.OnContext;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A state dir that stops taking writes: a clear error naming the dir, the work kept, and nothing lost once it does again. */
@DisplayName("A full or read-only state dir")
@ExtendWith({VertxExtension.class, NoBlockedThreads.class})
class StorageFaultTest {

    @TempDir
    Path work;

    /** The disk, until it is full: every write or append then fails as the kernel says it. */
    static final class FillableFs implements StateFs {
        volatile String failure;

        private void check(Path file) throws IOException {
            if (failure != null) {
                throw new FileSystemException(file.toString(), null, failure);
            }
        }

        @Override
        public void createDirectories(Path dir) throws IOException {
            StateFs.DISK.createDirectories(dir);
        }

        @Override
        public void write(Path file, byte[] bytes) throws IOException {
            check(file);
            StateFs.DISK.write(file, bytes);
        }

        @Override
        public void append(Path file, byte[] bytes) throws IOException {
            check(file);
            StateFs.DISK.append(file, bytes);
        }

        @Override
        public void force(Path file) throws IOException {
            StateFs.DISK.force(file);
        }

        @Override
        public void truncate(Path file, long length) throws IOException {
            StateFs.DISK.truncate(file, length);
        }

        @Override
        public void rename(Path from, Path to) throws IOException {
            StateFs.DISK.rename(from, to);
        }

        @Override
        public void forceDirectory(Path dir) throws IOException {
            StateFs.DISK.forceDirectory(dir);
        }

        @Override
        public void delete(Path file) throws IOException {
            StateFs.DISK.delete(file);
        }
    }

    @Test
    @DisplayName(
            "cycles fail naming the dir and state_dir_not_writable, the status says so, the queue waits; once writable, every case runs once")
    void fullDiskKeepsWork(Vertx vertx) throws Exception {
        Path stateDir = work.resolve("state");
        Path fixture = work.resolve("f.json");
        JsonArray cases = new JsonArray();
        IntStream.range(0, 10)
                .forEach(i -> cases.add(new JsonObject()
                        .put("case_id", "c-" + i)
                        .put("channel_id", "a")
                        .put("value", i)));
        Files.writeString(
                fixture,
                new JsonObject().put("schema_version", 1).put("cases", cases).encode());
        RunnerSettings settings = new RunnerSettings(stateDir, List.of(), 3, 0, RetryPolicy.DEFAULT);
        FillableFs fs = new FillableFs();
        OnContext on = new OnContext(vertx);
        ContractRunner runner = on.await(() -> ContractRunner.open(vertx, NumbersRuntime.PROFILE, settings, fs));
        try {
            on.await(() -> runner.enqueue(List.of(fixture), false));
            on.await(() -> runner.runCycle("test", Correlation.fresh()));
            fs.failure = "No space left on device";
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThatThrownBy(() -> on.await(() -> runner.runCycle("test", Correlation.fresh())))
                        .hasMessageContaining("cycle 2 could not be committed")
                        .hasMessageContaining("state dir " + stateDir)
                        .hasMessageContaining(StorageFault.STATE_DIR_NOT_WRITABLE)
                        .hasMessageContaining("No space left on device");
            }
            assertThat(runner.queueDepth()).as("the cycle's cases wait").isEqualTo(7);
            assertThat(runner.state().cycleCount()).isEqualTo(1);
            RunnerStatus.EventLog log = new RunnerStatus.EventLog("", 1, 1, false, List.of(), 0);
            JsonObject status = MeshJson.toJson(RunnerStatus.of(
                    stateDir.toString(), runner.state(), runner.queueDepth(), log, List.of(), runner.storageFault()));
            assertThat(status.getJsonObject("storage_fault").getString("code")).isEqualTo("state_dir_not_writable");
            assertThat(status.getJsonObject("storage_fault").getString("dir")).isEqualTo(stateDir.toString());

            fs.failure = null;
            on.await(() -> RunnerBatch.drain(runner, 100, Correlation.fresh(), r -> {}));
            assertThat(runner.storageFault()).isNull();
            assertThat(MeshJson.toJson(RunnerStatus.of(
                                    stateDir.toString(), runner.state(), 0, log, List.of(), runner.storageFault()))
                            .containsKey("storage_fault"))
                    .isFalse();
        } finally {
            fs.failure = null;
            on.await(runner::close);
        }
        Map<String, Integer> seen = new HashMap<>();
        new StateStore(stateDir, "numbers")
                .channels()
                .log("a")
                .forEach(l -> seen.merge(l.getString("case_id"), 1, Integer::sum));
        assertThat(seen).hasSize(10).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(new StateStore(stateDir, "numbers")
                        .loadState()
                        .orElseThrow()
                        .tallies()
                        .counters()
                        .casesProcessed())
                .isEqualTo(10);
    }

    @Test
    @DisplayName("a start on a state dir that takes no writes fails at once, naming the dir and state_dir_not_writable")
    void startRefused(Vertx vertx) throws Exception {
        Path stateDir = work.resolve("state");
        FillableFs fs = new FillableFs();
        fs.failure = "Read-only file system";
        RunnerSettings settings = new RunnerSettings(stateDir, List.of(), 3, 0, RetryPolicy.DEFAULT);
        OnContext on = new OnContext(vertx);
        assertThatThrownBy(() -> on.await(() -> ContractRunner.open(vertx, NumbersRuntime.PROFILE, settings, fs)))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("state dir " + stateDir + " is not writable (state_dir_not_writable)")
                .hasMessageContaining("Read-only file system");
        // The dir is free again: the failed start released it.
        ContractRunner runner = on.await(() -> ContractRunner.open(vertx, NumbersRuntime.PROFILE, settings));
        on.await(runner::close);
    }
}

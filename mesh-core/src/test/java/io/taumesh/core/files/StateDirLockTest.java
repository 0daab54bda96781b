package io.taumesh.core.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("State dir lock")
class StateDirLockTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName(
            "a second owner in the same process is refused naming the dir and the pid; after release the dir is free")
    void sameProcess() throws Exception {
        long pid = ProcessHandle.current().pid();
        try (StateDirLock first = StateDirLock.acquire(dir, "gateway runner")) {
            assertThatThrownBy(() -> StateDirLock.acquire(dir, "gateway runner"))
                    .isInstanceOf(StateDirLock.HeldException.class)
                    .hasMessageContaining("state dir " + dir)
                    .hasMessageContaining("pid " + pid + " (gateway runner");
            assertThat(StateDirLock.holder(dir))
                    .hasValueSatisfying(h -> assertThat(h).contains("pid " + pid));
        }
        assertThat(StateDirLock.holder(dir)).isEmpty();
        try (StateDirLock again = StateDirLock.acquire(dir, "dashboard runner")) {
            assertThat(again.dir()).isEqualTo(dir.toRealPath());
        }
    }

    @Test
    @DisplayName("another process's lock refuses this one with its pid, and its SIGKILL frees the dir at once")
    void otherProcess() throws Exception {
        Process holder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockHolderMain.class.getName(),
                        dir.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).startsWith("holding ");

            assertThatThrownBy(() -> StateDirLock.acquire(dir, "gateway runner"))
                    .isInstanceOf(StateDirLock.HeldException.class)
                    .hasMessageContaining("state dir " + dir)
                    .hasMessageContaining("pid " + holder.pid() + " (lock holder");
            assertThat(StateDirLock.holder(dir))
                    .hasValueSatisfying(h -> assertThat(h).startsWith("pid " + holder.pid()));
            // The refused attempt must not have disturbed the holder's lock.
            assertThatThrownBy(() -> StateDirLock.acquire(dir, "gateway runner"))
                    .isInstanceOf(StateDirLock.HeldException.class);

            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // The kernel dropped the lock with the process: no stale lock, no waiting.
            try (StateDirLock taken = StateDirLock.acquire(dir, "gateway runner")) {
                assertThat(StateDirLock.holder(dir))
                        .hasValueSatisfying(h -> assertThat(h)
                                .contains("pid " + ProcessHandle.current().pid()));
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    @DisplayName("different dirs are independent")
    void independentDirs() throws Exception {
        try (StateDirLock a = StateDirLock.acquire(dir.resolve("gateway"), "gateway runner");
                StateDirLock b = StateDirLock.acquire(dir.resolve("dashboard"), "dashboard runner")) {
            assertThat(List.of(a.dir(), b.dir())).doesNotHaveDuplicates();
        }
    }
}

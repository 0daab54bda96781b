package io.taumesh.supervisor.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Orphan sweep of the tool-builds dir")
class OrphanSweepTest {

    @TempDir
    Path work;

    @Test
    @DisplayName("never sweeps a filesystem root, the home dir, or the working dir or a dir above it")
    void refusesDangerousDirs() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path dir : new Path[] {Path.of("/"), Path.of(System.getProperty("user.home")), cwd, cwd.getParent()}) {
            assertThatThrownBy(() -> OrphanSweep.sweep(dir, 1, System.currentTimeMillis()))
                    .as(dir.toString())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("refusing to sweep");
        }
    }

    @Test
    @DisplayName("a directory counts as touched when anything in it is; a link is removed as a link, never followed")
    void agesAndLinks() throws Exception {
        Path builds = Files.createDirectories(work.resolve("builds"));
        Path outside = Files.writeString(work.resolve("precious.txt"), "not the sweep's");
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(3)));
        Path busy = Files.createDirectories(builds.resolve("busy/deep"));
        Files.writeString(busy.resolve("fresh.o"), "just written");
        Files.setLastModifiedTime(busy, old);
        Files.setLastModifiedTime(busy.getParent(), old);
        Path link = Files.createSymbolicLink(builds.resolve("link"), outside);
        Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(old, null, null);
        OrphanSweep.Result result = OrphanSweep.sweep(builds, 3_600, System.currentTimeMillis());
        assertThat(result.removed()).containsExactly(link);
        assertThat(outside).exists();
        assertThat(busy.resolve("fresh.o")).exists();
        assertThat(result.kept()).isEqualTo(1);
    }
}

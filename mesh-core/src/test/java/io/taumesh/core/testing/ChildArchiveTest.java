package io.taumesh.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Class-data archives of the tests' child JVMs")
class ChildArchiveTest {

    @TempDir
    Path dir;

    private static Path writtenBy(ChildArchive start) {
        String option = start.options().stream()
                .filter(o -> o.startsWith("-XX:ArchiveClassesAtExit="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("not a writer: " + start.options()));
        return Path.of(option.substring(option.indexOf('=') + 1));
    }

    @Test
    @DisplayName("one start writes the archive while the others start without; it is the jar's once that JVM exits")
    void oneWriterThenMapped() throws Exception {
        Path jar = Files.writeString(dir.resolve("svc.jar"), "jar");
        ChildArchive first = ChildArchive.of(jar);
        Path written = writtenBy(first);
        assertThat(ChildArchive.of(jar).options())
                .as("a second start while the first writes")
                .isEmpty();
        Files.writeString(written, "archive");
        first.exited(0);
        assertThat(written).doesNotExist();
        Path archive = dir.resolve("svc.jar.test.jsa");
        assertThat(archive).hasContent("archive");
        assertThat(ChildArchive.of(jar).options())
                .containsExactly("-Xlog:cds*=off", "-XX:SharedArchiveFile=" + archive);
        // A jar built again is newer than its archive: the next start writes one for it.
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(writtenBy(ChildArchive.of(jar))).isNotEqualTo(written);
    }

    @Test
    @DisplayName("a writer killed before it exited leaves no archive, and the next start writes one")
    void killedWriter() throws Exception {
        Path jar = Files.writeString(dir.resolve("svc.jar"), "jar");
        ChildArchive first = ChildArchive.of(jar);
        Files.writeString(writtenBy(first), "half an arch");
        first.exited(137);
        assertThat(dir.resolve("svc.jar.test.jsa")).doesNotExist();
        assertThat(writtenBy(first)).doesNotExist();
        writtenBy(ChildArchive.of(jar));
    }
}

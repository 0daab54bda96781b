package io.taumesh.launcher.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Crash files of a mesh JVM")
class CrashFilesTest {

    @TempDir
    Path crashDir;

    private Process probe(String mode, String... jvm) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvm));
        command.addAll(CrashFiles.jvmOptions(crashDir));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashProbe.class.getName(), mode));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    @Timeout(120)
    @DisplayName(
            "a fatal signal leaves the error file in the crash dir and ends the output with a Panic line naming the signal")
    void fatalSignal() throws Exception {
        Process p = probe("sleep", "-Xmx32m", "-XX:+UseSerialGC");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("probe up");
        assertThat(new ProcessBuilder("kill", "-SEGV", String.valueOf(p.pid()))
                        .start()
                        .waitFor())
                .isZero();
        List<String> lines = out.lines().toList();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join("\n", lines)).isEqualTo(134);
        assertThat(lines.get(lines.size() - 1))
                .as(String.join("\n", lines))
                .startsWith("Panic: JVM fatal error: SIGSEGV");
        Path errorFile = CrashFiles.errorFile(crashDir, p.pid());
        assertThat(errorFile).exists();
        assertThat(Files.readString(errorFile))
                .contains("SIGSEGV")
                .contains("S U M M A R Y")
                .contains("Command Line:");
    }

    @Test
    @Timeout(120)
    @DisplayName("running out of heap writes a heap dump in the crash dir, says Panic, and ends the process")
    void outOfMemory() throws Exception {
        Process p = probe("oom", "-Xmx24m", "-XX:+UseSerialGC");
        List<String> lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                .lines()
                .toList();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join("\n", lines)).isEqualTo(137);
        assertThat(lines.get(lines.size() - 1))
                .as(String.join("\n", lines))
                .startsWith("Panic: OutOfMemoryError: the Java heap is exhausted (heap dump in " + crashDir
                        + "/java_pid" + p.pid() + ".hprof)");
        assertThat(crashDir.resolve("java_pid" + p.pid() + ".hprof")).exists();
    }
}

package io.taumesh.launcher.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Which process is the daemon of a state dir")
class DaemonProcessTest {

    @TempDir
    Path work;

    private Process spawn(String... args) throws Exception {
        return new ProcessBuilder(args).start();
    }

    @Test
    @DisplayName(
            "a live process running --daemon-run for this dir is the daemon; for another dir, or another program, it is not")
    void identity() throws Exception {
        DaemonPaths paths = new DaemonPaths(work.resolve("d"));
        // "; true" keeps bash from replacing itself with sleep, so that its arguments stay as given.
        Process daemon = spawn(
                "bash",
                "-c",
                "sleep 60; true",
                "--daemon-run",
                "--daemon-state-dir",
                paths.dir().toString());
        Process otherDir = spawn(
                "bash",
                "-c",
                "sleep 60; true",
                "--daemon-run",
                "--daemon-state-dir",
                work.resolve("e").toString());
        Process other = spawn("sleep", "60");
        try {
            assertThat(DaemonProcess.identify(daemon.pid(), paths, null).kind()).isEqualTo(DaemonProcess.Kind.DAEMON);
            Long start = DaemonProcess.startOf(daemon.toHandle());
            assertThat(DaemonProcess.identify(daemon.pid(), paths, start).kind())
                    .isEqualTo(DaemonProcess.Kind.DAEMON);
            // The right command line but not the recorded start: the pid was reused by a later daemon.
            assertThat(DaemonProcess.identify(daemon.pid(), paths, start - 60_000)
                            .kind())
                    .isEqualTo(DaemonProcess.Kind.OTHER);
            assertThat(DaemonProcess.identify(otherDir.pid(), paths, null).kind())
                    .isEqualTo(DaemonProcess.Kind.OTHER);
            DaemonProcess sleeper = DaemonProcess.identify(other.pid(), paths, null);
            assertThat(sleeper.kind()).isEqualTo(DaemonProcess.Kind.OTHER);
            assertThat(sleeper.detail()).contains("is another program now: ").contains("sleep 60");
        } finally {
            for (Process p : new Process[] {daemon, otherDir, other}) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertThat(DaemonProcess.identify(other.pid(), paths, null).kind()).isEqualTo(DaemonProcess.Kind.GONE);
    }
}

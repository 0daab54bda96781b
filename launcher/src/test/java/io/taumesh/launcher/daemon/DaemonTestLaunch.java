package io.taumesh.launcher.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A daemon launch for tests: this JVM's java, a stand-in jar, and mesh flags with what needs quoting. */
final class DaemonTestLaunch {

    private DaemonTestLaunch() {}

    static DaemonLaunch of(Path work) throws IOException {
        Path jar = Files.writeString(work.resolve("tau mesh%1.jar"), "not really a jar");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java")
                .toAbsolutePath()
                .normalize();
        return new DaemonLaunch(
                java,
                jar,
                CrashFiles.jvmOptions(work.resolve("crash dir")),
                List.of(
                        "--cluster-name",
                        "unit-test",
                        "--gateway-state-dir",
                        work.resolve("state with spaces/gateway").toString(),
                        "--ui-token",
                        "a\"quoted\" $HOME %n \\ token"),
                work,
                Map.of("TAU_DAEMON_STATE_DIR", work.resolve("daemon").toString(), "TAU_CLUSTER_NAME", "x y %i $USER"));
    }
}

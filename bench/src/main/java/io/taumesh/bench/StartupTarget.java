package io.taumesh.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * A runnable module the startup benchmark measures, as the build leaves it.
 *
 * @param name its name in the report
 * @param module its Maven module
 * @param jar its runnable jar, under the module's target/
 * @param image its image name, and the stem of the archive {@code -Pimages} writes
 */
record StartupTarget(String name, String module, String jar, String image) {

    static final List<StartupTarget> ALL = List.of(
            new StartupTarget("supervisor", "supervisor-svc", "supervisor-svc.jar", "supervisor"),
            new StartupTarget("gateway", "gateway-svc", "gateway-svc.jar", "gateway"),
            new StartupTarget("dashboard", "dashboard-svc", "dashboard-svc.jar", "dashboard"),
            new StartupTarget("relay", "relay-svc", "relay-svc.jar", "relay"),
            new StartupTarget("web UI", "web-ui", "web-ui.jar", "web-ui"),
            new StartupTarget("all-in-one (tau-mesh and its relay process)", "launcher", "tau-mesh.jar", "tau-mesh"));

    /** The gateway: the service whose start the credentials section measures. */
    static StartupTarget gateway() {
        return ALL.stream()
                .filter(t -> t.module().equals("gateway-svc"))
                .findFirst()
                .orElseThrow();
    }

    /** The runnable jar in the repository at {@code root}. */
    Path jarIn(Path root) {
        return root.resolve(module).resolve("target").resolve(jar);
    }

    /** The image archive in the repository at {@code root}. */
    Path imageArchiveIn(Path root) {
        return root.resolve(module).resolve("target").resolve(image + "-image.tar");
    }

    /** The all-in-one mesh: one JVM for all five services plus the relay's, so a per-service target does not apply. */
    boolean allInOne() {
        return module.equals("launcher");
    }
}

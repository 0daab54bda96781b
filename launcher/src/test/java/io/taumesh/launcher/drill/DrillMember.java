package io.taumesh.launcher.drill;

import io.taumesh.core.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One process of the drill's mesh: a service jar (or the all-in-one {@code tau-mesh}) on fixed ports, so that
 * whatever restarts it comes back where the others and its clients expect it, as under a service manager.
 */
final class DrillMember {

    static final Pattern READY = Pattern.compile(": ready;");
    static final Duration START = Duration.ofSeconds(90);

    private final DrillTarget target;
    private final Path jar;
    private final List<String> args;
    private final String host;
    private final int opsPort;
    private final List<String> launcher;
    private ChildJvm process;
    private int starts;

    DrillMember(DrillTarget target, Path jar, int opsPort, List<String> args) {
        this(target, jar, "127.0.0.1", opsPort, List.of(), args);
    }

    /** A member on {@code host}, started under {@code launcher} (its network namespace), or on loopback. */
    DrillMember(DrillTarget target, Path jar, String host, int opsPort, List<String> launcher, List<String> args) {
        this.target = target;
        this.jar = jar;
        this.host = host;
        this.opsPort = opsPort;
        this.launcher = List.copyOf(launcher);
        this.args = List.copyOf(args);
    }

    String host() {
        return host;
    }

    DrillTarget target() {
        return target;
    }

    String opsUrl() {
        return "http://" + host + ":" + opsPort;
    }

    ChildJvm process() {
        return process;
    }

    /** Starts it and waits until it says it is ready. */
    void start() throws Exception {
        startNoWait();
        process.awaitLine(READY, START);
    }

    /** Starts it without waiting: a fault's recovery is measured from the fault, and the wait is part of it. */
    void startNoWait() throws Exception {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--ops-host", host, "--ops-port", String.valueOf(opsPort)));
        process = ChildJvm.start(
                target.id() + "-" + (++starts),
                ChildJvm.Options.DEFAULT.under(launcher.toArray(String[]::new)),
                jar,
                all.toArray(String[]::new));
    }

    long pid() {
        return process.pid();
    }

    void close() throws InterruptedException {
        if (process != null) {
            process.close();
        }
    }
}

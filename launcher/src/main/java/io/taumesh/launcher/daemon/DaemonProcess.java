package io.taumesh.launcher.daemon;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Is a pid the daemon of a state dir? A pid file outlives its process, and the kernel gives a pid to the next
 * program once its process is gone, so a pid alone proves nothing. The daemon is the live process whose command
 * line runs {@code --daemon-run --daemon-state-dir D} for this {@code D}, and, when the state file recorded it,
 * that started at the recorded time.
 */
public record DaemonProcess(long pid, Kind kind, String detail, ProcessHandle handle) {

    public enum Kind {
        /** The state dir's daemon, alive. */
        DAEMON,
        /** No process has that pid any more. */
        GONE,
        /** A live process that is not this state dir's daemon: the pid was reused. */
        OTHER
    }

    /** Start times read from {@code /proc} are in clock ticks: allow for the rounding. */
    static final long START_TOLERANCE_MS = 1_000;

    public static DaemonProcess identify(long pid, DaemonPaths paths, Long recordedStartMs) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return new DaemonProcess(pid, Kind.GONE, "pid " + pid + " is not running", null);
        }
        ProcessHandle.Info info = handle.get().info();
        String commandLine = info.commandLine().orElse(info.command().orElse("?"));
        boolean runsDaemon = info.arguments()
                .map(args -> runsDaemonOf(List.of(args), paths.dir()))
                .orElseGet(() -> commandLine.contains("--daemon-run")
                        && commandLine.contains(paths.dir().toString()));
        if (!runsDaemon) {
            return new DaemonProcess(
                    pid, Kind.OTHER, "pid " + pid + " is another program now: " + abbreviate(commandLine), null);
        }
        Long startMs = info.startInstant().map(Instant::toEpochMilli).orElse(null);
        if (recordedStartMs != null && startMs != null && Math.abs(startMs - recordedStartMs) > START_TOLERANCE_MS) {
            return new DaemonProcess(
                    pid,
                    Kind.OTHER,
                    "pid " + pid + " runs a daemon of " + paths.dir() + ", but not the one recorded (it started at "
                            + Instant.ofEpochMilli(startMs) + ")",
                    null);
        }
        return new DaemonProcess(pid, Kind.DAEMON, "pid " + pid, handle.get());
    }

    static boolean runsDaemonOf(List<String> args, Path dir) {
        int at = args.indexOf("--daemon-state-dir");
        return args.contains("--daemon-run")
                && at >= 0
                && at + 1 < args.size()
                && Path.of(args.get(at + 1)).toAbsolutePath().normalize().equals(dir);
    }

    /** This process's own start time, as {@link #identify} compares it. */
    public static Long startOf(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(null);
    }

    public boolean isDaemon() {
        return kind == Kind.DAEMON;
    }

    private static String abbreviate(String commandLine) {
        return commandLine.length() <= 120 ? commandLine : commandLine.substring(0, 117) + "...";
    }
}

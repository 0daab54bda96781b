package io.taumesh.launcher.daemon;

import java.nio.file.Path;
import java.util.List;

/**
 * Where an unexpected death of a mesh JVM leaves its evidence (runbook 002, P1-001 "collect core dump and
 * backtrace"): a fatal error (a crash in native code, a signal such as SIGSEGV) writes the JVM's error file
 * {@code tau-mesh-hs_err_pid<pid>.log}, with the native and Java backtraces of every thread, and running out of
 * heap writes a heap dump {@code java_pid<pid>.hprof}, both in the crash dir: {@code TAU_CRASH_DIR}, by default
 * {@code /tmp}. Either way the JVM's last line in its log is a {@code Panic:} line naming the cause, and a JVM
 * that ran out of heap is then ended, so that its service manager restarts it. {@code ./tau-mesh} gives the same
 * options (the script), and so do the daemon's profiles and {@code --daemon-start}.
 */
public final class CrashFiles {

    public static final String DEFAULT_DIR = "/tmp";
    public static final String ENV = "TAU_CRASH_DIR";

    private CrashFiles() {}

    /** {@code TAU_CRASH_DIR}, or {@code /tmp}. */
    public static Path dir() {
        String env = System.getenv(ENV);
        return Path.of(env == null || env.isBlank() ? DEFAULT_DIR : env)
                .toAbsolutePath()
                .normalize();
    }

    /** The error file of the JVM with this pid, in {@code dir}. */
    public static Path errorFile(Path dir, long pid) {
        return dir.resolve("tau-mesh-hs_err_pid" + pid + ".log");
    }

    /**
     * The JVM options. HotSpot runs {@code OnError} and {@code OnOutOfMemoryError} through {@code /bin/sh -c},
     * splits them at {@code ;} (so each is one command, whose output is the last line) and puts the pid for
     * {@code %p}; the first picks the cause (the signal or internal error) from the error file's header.
     */
    public static List<String> jvmOptions(Path dir) {
        String errorFile = dir.resolve("tau-mesh-hs_err_pid%p.log").toString();
        String onError =
                "grep -m1 \"^#  [A-Z]\" " + errorFile + " | sed \"s|^#  |Panic: JVM fatal error: |\" | grep . || echo "
                        + "\"Panic: JVM fatal error (see " + errorFile + ")\"";
        String onOutOfMemory = "echo \"Panic: OutOfMemoryError: the Java heap is exhausted (heap dump in " + dir
                + "/java_pid%p.hprof), ending the process\" && kill -9 %p";
        return List.of(
                "-XX:ErrorFile=" + errorFile,
                "-XX:+HeapDumpOnOutOfMemoryError",
                "-XX:HeapDumpPath=" + dir,
                "-XX:OnError=" + onError,
                "-XX:OnOutOfMemoryError=" + onOutOfMemory);
    }
}

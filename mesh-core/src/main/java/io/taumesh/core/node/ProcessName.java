package io.taumesh.core.node;

import io.taumesh.core.bus.MeshService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The name a node's process shows to {@code pgrep -x} and {@code ps -o comm}: the service it hosts
 * ({@code supervisor}, {@code relay}, ...), instead of {@code java} for every JVM, so that runbook 002's
 * {@code pgrep -x supervisor} and {@code pgrep -x relay} find them. Only the kernel's short name
 * ({@code /proc/<pid>/comm}) changes; the command line ({@code ps -f}) stays the real one.
 */
public final class ProcessName {

    /** The kernel keeps at most 15 bytes of a process name. */
    static final int MAX_LENGTH = 15;

    private ProcessName() {}

    /**
     * The name for a node hosting these services: {@code supervisor} when the supervisor is among them (it
     * runs the others as its children), the service's id when it is alone, else {@code tau-mesh}.
     */
    public static String forUnits(List<ServiceUnit> units) {
        if (units.stream().anyMatch(u -> u.service() == MeshService.SUPERVISOR)) {
            return MeshService.SUPERVISOR.id();
        }
        return units.size() == 1 ? units.get(0).service().id() : "tau-mesh";
    }

    /**
     * Renames this process, where the platform allows it (Linux); elsewhere, or if the kernel refuses, the
     * process keeps its name and nothing else changes. Writing {@code /proc/self/comm} names the process's
     * first thread, whose name is the process's name for {@code pgrep} and {@code ps}.
     */
    public static boolean set(String name) {
        Path comm = Path.of("/proc/self/comm");
        if (!Files.isWritable(comm)) {
            return false;
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        try {
            Files.write(comm, bytes.length > MAX_LENGTH ? Arrays.copyOf(bytes, MAX_LENGTH) : bytes);
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }
}

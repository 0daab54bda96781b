package io.taumesh.supervisor.heartbeat;

import io.taumesh.core.contract.FieldError;
import java.nio.file.Path;

/**
 * Self-repair: a runner that is stuck (work queued, not paused, no cycle committed for {@code timeout_ms}) is
 * restarted through the supervisor, at most {@code max_retries} times in a row, then given up on; artefacts
 * left in {@code tool_builds_dir} longer than {@code orphan_max_age_seconds} are removed.
 */
public record SelfRepairSettings(
        boolean enabled, long timeoutMs, int maxRetries, Path toolBuildsDir, long orphanMaxAgeSeconds) {

    public static final long DEFAULT_TIMEOUT_MS = 300_000;
    public static final int DEFAULT_MAX_RETRIES = 2;
    public static final String DEFAULT_TOOL_BUILDS_DIR = ".tau/tool-builds";
    public static final long DEFAULT_ORPHAN_MAX_AGE_SECONDS = 3_600;

    public static final SelfRepairSettings DEFAULTS = new SelfRepairSettings(
            true,
            DEFAULT_TIMEOUT_MS,
            DEFAULT_MAX_RETRIES,
            Path.of(DEFAULT_TOOL_BUILDS_DIR),
            DEFAULT_ORPHAN_MAX_AGE_SECONDS);

    public SelfRepairSettings {
        if (timeoutMs < 100 || timeoutMs > 86_400_000L) {
            throw new FieldError("timeout_ms", "must be between 100 and 86400000 (a day), got " + timeoutMs);
        }
        if (maxRetries < 0 || maxRetries > 100) {
            throw new FieldError("max_retries", "must be between 0 and 100, got " + maxRetries);
        }
        if (toolBuildsDir == null || toolBuildsDir.toString().isBlank()) {
            throw new FieldError("tool_builds_dir", "is required");
        }
        if (orphanMaxAgeSeconds < 1) {
            throw new FieldError("orphan_max_age_seconds", "must be at least 1, got " + orphanMaxAgeSeconds);
        }
    }
}

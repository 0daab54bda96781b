package io.taumesh.core.runner.storage;

import io.taumesh.core.bus.MeshMessage;
import java.util.Map;

/**
 * {@code checkpoint.json}: where a runtime's history stood at a committed cycle, so that a start reads only
 * what came after it: how many bytes of {@code case-index.bin} hold the ids processed up to then, and where
 * each channel's outputs log stood. Written whole and atomically every few thousand cases and when the runner
 * closes; a start without one reads everything once and writes one.
 */
public record RunnerCheckpoint(int schemaVersion, long cycleId, long caseIndexBytes, Map<String, ChannelMark> channels)
        implements MeshMessage {

    public static final RunnerCheckpoint NONE = new RunnerCheckpoint(SCHEMA_VERSION, 0, 0, Map.of());

    public RunnerCheckpoint {
        channels = channels == null ? Map.of() : Map.copyOf(channels);
    }

    /**
     * Where one channel's outputs log stood: records in all, the newest segment, the live file's bytes and
     * lines, and the newest cycle among its records.
     */
    public record ChannelMark(long records, int segment, long liveBytes, long liveLines, long lastCycle) {
        public static final ChannelMark EMPTY = new ChannelMark(0, 0, 0, 0, 0);
    }
}

package io.taumesh.core.runner.storage;

import io.taumesh.core.contract.FieldError;

/**
 * How a runner's logs ({@code runtime-events.jsonl}, each channel's {@code outputs.jsonl}) stay bounded: the
 * live file rolls into a compressed segment once it passes {@code segmentBytes}, and the newest
 * {@code retainSegments} segments are kept. Its fields are {@code log_*} in a runner's settings.
 */
public record LogRetention(long segmentBytes, int retainSegments) {

    public static final long DEFAULT_SEGMENT_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_RETAIN_SEGMENTS = 64;
    /** 16 MiB segments (about 20k cycle reports), 64 kept: about 1 GiB of history before compression. */
    public static final LogRetention DEFAULT = new LogRetention(DEFAULT_SEGMENT_BYTES, DEFAULT_RETAIN_SEGMENTS);

    public LogRetention {
        if (segmentBytes < 4096) {
            throw new FieldError("log_segment_bytes", "must be at least 4096, got " + segmentBytes);
        }
        if (retainSegments < 1) {
            throw new FieldError("log_retain_segments", "must be at least 1, got " + retainSegments);
        }
    }
}

package io.taumesh.relay;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Splits a byte stream into newline-terminated frames. A frame longer than the limit is not buffered: the
 * framer reports it once and drops bytes up to the next newline, so one huge frame costs no memory and the
 * connection goes on.
 */
final class LineFramer {

    private final int maxBytes;
    private final Consumer<Buffer> onFrame;
    private final Runnable onOversized;
    private Buffer pending = Buffer.buffer();
    private boolean discarding;

    LineFramer(int maxBytes, Consumer<Buffer> onFrame, Runnable onOversized) {
        this.maxBytes = maxBytes;
        this.onFrame = onFrame;
        this.onOversized = onOversized;
    }

    void feed(Buffer data) {
        int start = 0;
        for (int i = 0; i < data.length(); i++) {
            if (data.getByte(i) != '\n') {
                continue;
            }
            if (discarding) {
                discarding = false;
            } else if (pending.length() + (i - start) > maxBytes) {
                pending = Buffer.buffer();
                onOversized.run();
            } else {
                pending.appendBuffer(data, start, i - start);
                Buffer frame = pending;
                pending = Buffer.buffer();
                onFrame.accept(frame);
            }
            start = i + 1;
        }
        if (!discarding && start < data.length()) {
            pending.appendBuffer(data, start, data.length() - start);
            if (pending.length() > maxBytes) {
                pending = Buffer.buffer();
                discarding = true;
                onOversized.run();
            }
        }
    }
}

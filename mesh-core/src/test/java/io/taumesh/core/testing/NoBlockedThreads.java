package io.taumesh.core.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test during which Vert.x warned that an event-loop or worker thread was blocked:
 * such a warning is a defect, not noise.
 */
public final class NoBlockedThreads implements BeforeEachCallback, AfterEachCallback {

    // The name Vert.x 5 logs blocked-thread warnings under (not the checker class's own package).
    static final String CHECKER_LOGGER = "io.vertx.core.impl.BlockedThreadChecker";

    // Held strongly: java.util.logging keeps loggers only weakly.
    private static final Logger CHECKER = Logger.getLogger(CHECKER_LOGGER);
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @Override
    public void beforeEach(ExtensionContext context) {
        warnings.clear();
        CHECKER.addHandler(handler);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        CHECKER.removeHandler(handler);
        if (!warnings.isEmpty()) {
            throw new AssertionError("Vert.x reported a blocked thread during the test: " + warnings);
        }
    }
}

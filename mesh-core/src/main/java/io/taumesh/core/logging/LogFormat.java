package io.taumesh.core.logging;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.contract.WireName;
import java.util.Locale;

/** How a process writes its log lines on stderr: {@code text} for a terminal, {@code json} for a log collector. */
public enum LogFormat implements WireName {
    /** One readable line per record: time, level, logger, message. */
    TEXT,
    /** One JSON object per line, with {@code request_id} and {@code trace_id} of the request being handled. */
    JSON;

    /** The environment variable a process child inherits the format through. */
    public static final String ENV = "TAU_LOG_FORMAT";

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}

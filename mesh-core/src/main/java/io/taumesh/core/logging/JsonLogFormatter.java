package io.taumesh.core.logging;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.CorrelationContext;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per log record, on one line: {@code ts}, {@code level}, {@code logger}, {@code thread},
 * {@code message}, {@code request_id} and {@code trace_id} (null outside a request), and {@code error} with the
 * stack trace when the record carries one. The correlation is the one the handler of the request being served
 * bound ({@link CorrelationContext}): the formatter runs on the thread that logs.
 */
public final class JsonLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        Correlation correlation = CorrelationContext.current().orElse(null);
        JsonObject line = new JsonObject()
                .put("ts", Instant.ofEpochMilli(record.getMillis()).toString())
                .put("level", record.getLevel().getName())
                .put("logger", record.getLoggerName())
                .put("thread", Thread.currentThread().getName())
                .put("message", formatMessage(record))
                .put("request_id", correlation == null ? null : correlation.requestId())
                .put("trace_id", correlation == null ? null : correlation.traceId());
        if (record.getThrown() != null) {
            StringWriter stack = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(stack));
            line.put("error", stack.toString());
        }
        return line.encode() + System.lineSeparator();
    }
}

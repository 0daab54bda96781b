package io.taumesh.core.runner.storage;

import io.taumesh.core.bus.MeshJson;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;

/**
 * A record of decisions as they change: a {@link SegmentedLog} of JSON lines bound to {@code T}, which a writer appends
 * to only when a decision is not the same as the last one written ({@code same}, which takes a null last). The last
 * line is read once, lazily; one of another shape counts as none. Blocking throughout.
 */
public final class ChangeLog<T> {

    private final SegmentedLog log;
    private final Class<T> type;
    private final BiPredicate<T, @Nullable T> same;
    private @Nullable T last;
    private boolean lastRead;

    public ChangeLog(SegmentedLog log, Class<T> type, BiPredicate<T, @Nullable T> same) {
        this.log = log;
        this.type = type;
        this.same = same;
    }

    /** Whether {@code record} differs from the last one written, so that it is to be recorded. */
    public boolean differsFromLast(T record) throws IOException {
        if (!lastRead) {
            try {
                last = latest().orElse(null);
            } catch (RuntimeException unreadable) {
                last = null; // a last line of another shape: the next record is written after it
            }
            lastRead = true;
        }
        return !same.test(record, last);
    }

    /** Appends {@code record} (forced), which becomes the last one written. */
    public void append(T record) throws IOException {
        log.append(List.of(MeshJson.toJsonString(record)));
        last = record;
        lastRead = true;
    }

    /** The last record written and kept, if any. */
    public Optional<T> latest() throws IOException {
        List<JsonObject> lines = log.tail(1).lines();
        return lines.isEmpty() ? Optional.empty() : Optional.of(MeshJson.bind(lines.get(0), type));
    }

    /** Every record written and kept, oldest first. */
    public List<T> all() throws IOException {
        List<T> out = new ArrayList<>();
        log.forEach(line -> out.add(MeshJson.bind(line, type)));
        return out;
    }
}

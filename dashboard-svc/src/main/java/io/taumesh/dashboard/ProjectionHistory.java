package io.taumesh.dashboard;

import io.taumesh.core.files.AtomicFiles;
import io.taumesh.core.runner.storage.SegmentedLog;
import io.taumesh.core.runner.storage.StateException;
import io.taumesh.core.runner.storage.StateStore;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The widget projection across a history whose oldest segments retention removed: when the event log rolls
 * into segment N, the projection as it stood after the last cycle of that segment is kept beside it
 * ({@code segments/widget-projection.N.json}). A replay starts from the checkpoint just before the oldest kept
 * segment, so the hash check of a reprojection holds however much history was dropped. Blocking.
 */
final class ProjectionHistory {

    static final String CHECKPOINT = "widget-projection.%06d.json";
    private static final Pattern NAME = Pattern.compile("widget-projection\\.(\\d{6})\\.json");

    private ProjectionHistory() {}

    /** A rebuilt projection, and how many event lines could not be replayed into it. */
    record Replayed(WidgetProjection projection, int unreplayableLines) {}

    /** The projection rebuilt from the checkpoint the kept segments start after, and every kept event since. */
    static Replayed replay(StateStore store) throws StateException {
        return replay(store, p -> {});
    }

    /** The same, handing the projection to {@code afterEach} after each cycle it folds in. */
    static Replayed replay(StateStore store, Consumer<WidgetProjection> afterEach) throws StateException {
        WidgetProjection projection = start(store).decidingWith(CanaryDecisions.of(store));
        long after = projection.cycleId();
        // Events up to the checkpoint's cycle are in it already (a segment may begin before a crash-delayed
        // checkpoint).
        int passedOver = store.replayEvents(r -> {
            if (r.cycleId() > after) {
                projection.apply(r);
                afterEach.accept(projection);
            }
        });
        return new Replayed(projection, passedOver);
    }

    /** The dashboard cycle a replay starts after: that of the checkpoint before the oldest kept segment, or 0. */
    static long startCycle(StateStore store) throws StateException {
        return start(store).cycleId();
    }

    private static WidgetProjection start(StateStore store) throws StateException {
        try {
            List<Path> segments = store.events().segments();
            int first = segments.isEmpty() ? 1 : SegmentedLog.number(segments.get(0));
            if (first <= 1) {
                return new WidgetProjection();
            }
            Path checkpoint = checkpointPath(store, first - 1);
            if (!Files.exists(checkpoint)) {
                throw new StateException("the history before segment " + first + " of " + store.eventsPath()
                        + " was removed by retention and no projection checkpoint covers it (" + checkpoint
                        + " is missing)");
            }
            return WidgetProjection.restore(new JsonObject(Files.readString(checkpoint, StandardCharsets.UTF_8)));
        } catch (IOException | DecodeException e) {
            throw new StateException(
                    "the projection checkpoints of " + store.dir() + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Keeps the projection as it stood when the event log rolled into {@code segment}, and drops checkpoints no segment needs. */
    static void keep(StateStore store, int segment, JsonObject snapshot) throws IOException {
        AtomicFiles.write(checkpointPath(store, segment), snapshot.encode().getBytes(StandardCharsets.UTF_8));
        List<Path> segments = store.events().segments();
        int needed = segments.isEmpty() ? segment : SegmentedLog.number(segments.get(0)) - 1;
        try (Stream<Path> files = Files.list(checkpointPath(store, segment).getParent())) {
            for (Path old : files.toList()) {
                Matcher m = NAME.matcher(old.getFileName().toString());
                if (m.matches() && Integer.parseInt(m.group(1)) < needed) {
                    Files.deleteIfExists(old);
                }
            }
        }
    }

    private static Path checkpointPath(StateStore store, int segment) {
        return store.eventsPath()
                .toAbsolutePath()
                .getParent()
                .resolve("segments")
                .resolve(String.format(CHECKPOINT, segment));
    }
}

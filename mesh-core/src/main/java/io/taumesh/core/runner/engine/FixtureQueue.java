package io.taumesh.core.runner.engine;

import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.fixture.LoadedFixture;
import io.taumesh.core.runner.wire.FixtureCursor;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fixture entries waiting for a cycle, in order, and how far each fixture file has got. */
final class FixtureQueue {

    /** An entry waiting, with the fixture it came from (null for a single case from outside) and its index there. */
    record Queued(FixtureEntry entry, String fixtureKey, int index) {}

    private final ArrayDeque<Queued> waiting = new ArrayDeque<>();
    private final Map<String, FixtureCursor> cursors = new LinkedHashMap<>();

    FixtureQueue(List<FixtureCursor> stored) {
        stored.forEach(c -> cursors.put(key(c.path(), c.sha256()), c));
    }

    /** The entries in order; a cycle takes from the front and puts back what it could not commit. */
    ArrayDeque<Queued> waiting() {
        return waiting;
    }

    int size() {
        return waiting.size();
    }

    /**
     * Queues the fixtures' entries. A fixture seen before resumes after its last committed entry, unless
     * {@code fromStart}. Returns how many were queued.
     */
    int add(List<LoadedFixture> loaded, boolean fromStart) {
        int queued = 0;
        for (LoadedFixture fixture : loaded) {
            String path = fixture.path().toAbsolutePath().normalize().toString();
            String key = key(path, fixture.sha256());
            FixtureCursor cursor = cursors.get(key);
            int start = fromStart || cursor == null
                    ? 0
                    : Math.min(cursor.nextIndex(), fixture.entries().size());
            for (int i = start; i < fixture.entries().size(); i++) {
                waiting.add(new Queued(fixture.entries().get(i), key, i));
                queued++;
            }
            cursors.put(
                    key,
                    new FixtureCursor(
                            path, fixture.sha256(), start, fixture.entries().size()));
        }
        return queued;
    }

    /** Each fixture's cursor moved up to its first entry still waiting. */
    Map<String, FixtureCursor> cursorsAfter() {
        Map<String, Integer> firstWaiting = new HashMap<>();
        for (Queued q : waiting) {
            if (q.fixtureKey() != null) {
                firstWaiting.merge(q.fixtureKey(), q.index(), Math::min);
            }
        }
        Map<String, FixtureCursor> next = new LinkedHashMap<>(cursors);
        next.replaceAll((k, c) -> new FixtureCursor(
                c.path(), c.sha256(), Math.max(c.nextIndex(), firstWaiting.getOrDefault(k, c.size())), c.size()));
        return next;
    }

    /** Takes the cursors a committed cycle moved to. */
    void commitCursors(Map<String, FixtureCursor> next) {
        cursors.clear();
        cursors.putAll(next);
    }

    private static String key(String path, String sha) {
        return path + "|" + sha;
    }
}

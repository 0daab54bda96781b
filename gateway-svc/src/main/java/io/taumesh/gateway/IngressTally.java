package io.taumesh.gateway;

import io.taumesh.core.bus.message.IngressView;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP ingress's requests per actor: accepted, refused and unrecorded since the gateway started, and how many
 * came in the last minute. At most {@link #MAX_ACTORS} actors are tracked, the least recently seen forgotten first,
 * so that a client that makes up actor ids cannot grow it. Touched on the gateway's event loop only.
 */
final class IngressTally {

    static final int MAX_ACTORS = 1_000;
    static final int WINDOW_S = 60;

    private final Map<String, Actor> actors = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Actor> eldest) {
            return size() > MAX_ACTORS;
        }
    };
    private boolean changed;

    /** Counts a request of {@code actorId} answered with {@code status} (503: not recorded). */
    void count(String actorId, int status, long nowMs) {
        Actor actor = actors.computeIfAbsent(actorId, a -> new Actor());
        if (status == 503) {
            actor.unrecorded++;
        } else if (status >= 400) {
            actor.refused++;
        } else {
            actor.accepted++;
        }
        actor.tick(nowMs / 1000);
        changed = true;
    }

    /** Whether a request was counted since the last call. */
    boolean takeChanged() {
        boolean was = changed;
        changed = false;
        return was;
    }

    /** The {@code limit} busiest actors: by requests in the last minute, then by all, then by id. */
    IngressView view(int limit, long nowMs) {
        long nowS = nowMs / 1000;
        List<IngressView.Actor> top = actors.entrySet().stream()
                .map(e -> e.getValue().row(e.getKey(), nowS))
                .sorted(Comparator.comparingInt(IngressView.Actor::lastMinute)
                        .thenComparingLong(a -> a.accepted() + a.refused() + a.unrecorded())
                        .reversed()
                        .thenComparing(IngressView.Actor::actorId))
                .limit(limit)
                .toList();
        return IngressView.of(nowMs, actors.size(), top);
    }

    /** One actor's totals and its requests per second over the last {@link #WINDOW_S} seconds, in a ring. */
    private static final class Actor {
        long accepted;
        long refused;
        long unrecorded;
        private final int[] perSecond = new int[WINDOW_S];
        private final long[] second = new long[WINDOW_S];

        void tick(long nowS) {
            int slot = (int) (nowS % WINDOW_S);
            if (second[slot] != nowS) {
                second[slot] = nowS;
                perSecond[slot] = 0;
            }
            perSecond[slot]++;
        }

        IngressView.Actor row(String id, long nowS) {
            int lastMinute = 0;
            for (int i = 0; i < WINDOW_S; i++) {
                if (nowS - second[i] < WINDOW_S && perSecond[i] > 0) {
                    lastMinute += perSecond[i];
                }
            }
            return new IngressView.Actor(id, accepted, refused, unrecorded, lastMinute);
        }
    }
}

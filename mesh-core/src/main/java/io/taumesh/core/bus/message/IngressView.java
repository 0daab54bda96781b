package io.taumesh.core.bus.message;

import io.taumesh.core.bus.MeshMessage;
import java.util.List;

/**
 * What {@code tau.gateway.ingress} publishes: the HTTP ingress's busiest actors, each with its requests since the
 * gateway started (accepted, refused with 400, unrecorded with 503) and in the last minute; and how many actors it
 * tracks (at most a bound: the least recently seen are forgotten first).
 */
public record IngressView(int schemaVersion, long atUnixMs, int actorsTracked, List<Actor> actors)
        implements MeshMessage {

    /** One actor's requests: totals by answer, and the count of the last minute. */
    public record Actor(String actorId, long accepted, long refused, long unrecorded, int lastMinute) {}

    public static IngressView of(long atUnixMs, int actorsTracked, List<Actor> actors) {
        return new IngressView(SCHEMA_VERSION, atUnixMs, actorsTracked, List.copyOf(actors));
    }
}

package io.taumesh.core.security;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A mesh's credentials as its credentials file holds them: the generation in use, and during a rotation the one
 * that comes next or the one just replaced. A rotation moves through three states, each safe to run beside the one
 * before it, so that it rolls through a running mesh without a member losing its peers:
 * <ol>
 *   <li>{@link Phase#ANNOUNCED}: {@code next} is known; nodes trust both keys and still present and join with
 *   {@code current};</li>
 *   <li>{@link Phase#SWITCHED}: the new generation is {@code current}, the old one {@code previous}; nodes present and
 *   join with the new one and still trust the old;</li>
 *   <li>{@link Phase#STEADY}: only {@code current}; the old key is trusted no more.</li>
 * </ol>
 *
 * @param schemaVersion 1
 * @param current       the generation nodes present and join with
 * @param next          the generation a rotation announced, or null
 * @param previous      the generation a rotation just replaced, still trusted, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MeshCredentials(
        int schemaVersion,
        MeshKey current,
        @Nullable MeshKey next,
        @Nullable MeshKey previous) {

    public static final int SCHEMA_VERSION = 1;

    /** Where a rotation stands. */
    public enum Phase {
        STEADY,
        ANNOUNCED,
        SWITCHED
    }

    public MeshCredentials {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schema_version: must be " + SCHEMA_VERSION + ", got " + schemaVersion);
        }
        if (current == null) {
            throw new IllegalArgumentException("current: is required");
        }
        if (next != null && previous != null) {
            throw new IllegalArgumentException("next, previous: a rotation has one or the other, not both");
        }
    }

    /** Credentials of a new mesh. */
    public static MeshCredentials fresh() {
        return new MeshCredentials(SCHEMA_VERSION, MeshKey.generate(), null, null);
    }

    @JsonIgnore
    public Phase phase() {
        return next != null ? Phase.ANNOUNCED : previous != null ? Phase.SWITCHED : Phase.STEADY;
    }

    /** Every generation a peer may present: {@code current}, and {@code next} or {@code previous} during a rotation. */
    @JsonIgnore
    public List<MeshKey> trusted() {
        List<MeshKey> keys = new ArrayList<>(List.of(current));
        if (next != null) {
            keys.add(next);
        }
        if (previous != null) {
            keys.add(previous);
        }
        return keys;
    }

    /** The next step of a rotation: a new generation announced, then switched to, then the old one dropped. */
    public MeshCredentials rotated() {
        return switch (phase()) {
            case STEADY -> new MeshCredentials(SCHEMA_VERSION, current, MeshKey.generate(), null);
            case ANNOUNCED -> new MeshCredentials(SCHEMA_VERSION, Objects.requireNonNull(next), null, current);
            case SWITCHED -> new MeshCredentials(SCHEMA_VERSION, current, null, null);
        };
    }

    /** What may be said of them: the phase and the generations' fingerprints. */
    public String describe() {
        return switch (phase()) {
            case STEADY -> "generation " + current.id();
            case ANNOUNCED ->
                "generation " + current.id() + ", "
                        + Objects.requireNonNull(next).id() + " announced";
            case SWITCHED ->
                "generation " + current.id() + " ("
                        + Objects.requireNonNull(previous).id() + " still trusted)";
        };
    }

    @Override
    public String toString() {
        return "MeshCredentials[" + describe() + "]";
    }
}

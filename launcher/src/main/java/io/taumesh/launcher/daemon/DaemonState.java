package io.taumesh.launcher.daemon;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.contract.WireName;
import java.util.Locale;

/** The daemon's lifecycle state, as {@code D/state.json} records it. */
public enum DaemonState implements WireName {
    /** The daemon's process runs and its mesh is starting. */
    STARTING,
    /** The mesh is up: ready, its ops endpoint known. */
    RUNNING,
    /** A stop was asked for; the mesh is stopping its services. */
    STOPPING,
    /** Not running: stopped cleanly, or never started. */
    STOPPED,
    /** The last start failed; the reason says why. */
    FAILED;

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A state in which a daemon process should exist (and so a pid file). */
    public boolean live() {
        return this == STARTING || this == RUNNING || this == STOPPING;
    }
}

package io.taumesh.core.bus;

/** A body that travels on the event bus or lands on disk: versioned so that readers can refuse what they do not know. */
public interface MeshMessage {

    /** The version of the message shapes in this build. */
    int SCHEMA_VERSION = 1;

    int schemaVersion();
}

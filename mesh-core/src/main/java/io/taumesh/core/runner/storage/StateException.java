package io.taumesh.core.runner.storage;

/** A state dir that cannot be read as a runtime's state: missing, or a file in it unreadable or corrupt. */
public final class StateException extends Exception {

    public StateException(String message) {
        super(message);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.taumesh.bench;

/** A JVM that starts, loads one class from a jar and ends: the floor under any command-line tool on the JVM. */
public final class BareJvm {

    private BareJvm() {}

    public static void main(String[] args) {
        // Nothing: the start is what is measured.
    }
}

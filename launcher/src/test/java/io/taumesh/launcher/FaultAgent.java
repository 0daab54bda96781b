package io.taumesh.launcher;

import java.lang.instrument.Instrumentation;

/**
 * A Java agent loaded into a running mesh by a test: it starts a thread that throws what nothing in the mesh
 * catches, the "unexpected error" of runbook 002 that must end the supervisor with a Panic line.
 */
public final class FaultAgent {

    static final String THREAD = "tau-test-fault";
    static final String MESSAGE = "injected by a test agent";

    private FaultAgent() {}

    public static void agentmain(String args, Instrumentation instrumentation) {
        Thread fault = new Thread(
                () -> {
                    try {
                        // Lets the attach that loaded the agent return before the process ends.
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                    throw new IllegalStateException(MESSAGE);
                },
                THREAD);
        fault.setDaemon(true);
        fault.start();
    }
}

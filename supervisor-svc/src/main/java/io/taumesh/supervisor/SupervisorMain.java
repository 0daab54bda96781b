package io.taumesh.supervisor;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.node.ServiceCommand;

/** Runs the supervisor as its own clustered node: {@code java -jar supervisor-svc/target/supervisor-svc.jar --help}. */
public final class SupervisorMain {

    private SupervisorMain() {}

    public static void main(String[] args) {
        System.exit(
                ServiceCommand.execute(MeshService.SUPERVISOR, SupervisorVerticle::new, new SupervisorFlags(), args));
    }
}

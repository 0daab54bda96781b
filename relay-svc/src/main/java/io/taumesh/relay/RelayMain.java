package io.taumesh.relay;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.node.ServiceCommand;

/** Runs the IPC relay as its own clustered process: {@code java -jar relay-svc/target/relay-svc.jar --help}. */
public final class RelayMain {

    private RelayMain() {}

    public static void main(String[] args) {
        System.exit(ServiceCommand.execute(MeshService.RELAY, RelayVerticle::new, new RelayFlags(), args));
    }
}

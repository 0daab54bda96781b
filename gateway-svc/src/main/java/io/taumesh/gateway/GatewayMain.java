package io.taumesh.gateway;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.node.ServiceCommand;

/** Runs the gateway service as its own clustered node: {@code java -jar gateway-svc/target/gateway-svc.jar --help}. */
public final class GatewayMain {

    private GatewayMain() {}

    public static void main(String[] args) {
        System.exit(ServiceCommand.execute(MeshService.GATEWAY, GatewayVerticle::new, GatewayFlags.create(), args));
    }
}

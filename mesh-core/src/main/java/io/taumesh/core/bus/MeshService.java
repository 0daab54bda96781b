package io.taumesh.core.bus;

import java.util.Arrays;
import java.util.Optional;

/** The services of the mesh, each with its short id (used in addresses) and its module name. */
public enum MeshService {
    SUPERVISOR("supervisor", "supervisor-svc"),
    GATEWAY("gateway", "gateway-svc"),
    DASHBOARD("dashboard", "dashboard-svc"),
    RELAY("relay", "relay-svc"),
    WEB_UI("webui", "web-ui");

    private final String id;
    private final String module;

    MeshService(String id, String module) {
        this.id = id;
        this.module = module;
    }

    public String id() {
        return id;
    }

    public String module() {
        return module;
    }

    public String statusAddress() {
        return Addresses.status(this);
    }

    public static Optional<MeshService> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }
}

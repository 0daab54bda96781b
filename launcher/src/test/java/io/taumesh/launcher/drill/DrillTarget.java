package io.taumesh.launcher.drill;

/** What a fault hits: a standalone service process, or the all-in-one node of a mesh of its own. */
enum DrillTarget {
    GATEWAY("gateway", "gateway"),
    DASHBOARD("dashboard", "dashboard"),
    WEBUI("webui", "webui"),
    RELAY("relay", "relay"),
    SUPERVISOR("supervisor", "supervisor"),
    ALL_IN_ONE("all-in-one", "gateway");

    private final String id;
    private final String service;

    DrillTarget(String id, String service) {
        this.id = id;
        this.service = service;
    }

    String id() {
        return id;
    }

    /** The service whose status shows it is back ({@code /mesh/status/<service>}). */
    String service() {
        return service;
    }
}

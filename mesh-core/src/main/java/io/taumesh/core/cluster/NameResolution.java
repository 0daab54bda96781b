package io.taumesh.core.cluster;

import java.security.Security;

/**
 * How long this JVM trusts a name lookup. The JDK keeps a failed lookup for 10 s and a good one for 30 s; a node
 * whose seed members are names (compose services, a headless Service's pods) must see a peer soon after its name
 * first resolves and follow it when a restart gives it a new address, so both are kept short. Names are looked up
 * again on every join attempt and every merge search.
 */
public final class NameResolution {

    /** Seconds a resolved name is trusted. */
    public static final int POSITIVE_TTL_SECONDS = 5;
    /** Seconds a name that did not resolve is remembered as missing. */
    public static final int NEGATIVE_TTL_SECONDS = 1;

    private NameResolution() {}

    /**
     * Sets the short lifetimes. The JDK reads them once, at its first lookup, so a process calls this before it
     * resolves anything: the node's entry points and the Hazelcast config factory both do.
     */
    public static void refreshQuickly() {
        Security.setProperty("networkaddress.cache.ttl", String.valueOf(POSITIVE_TTL_SECONDS));
        Security.setProperty("networkaddress.cache.negative.ttl", String.valueOf(NEGATIVE_TTL_SECONDS));
    }
}

package io.taumesh.core.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.ServerSSLOptions;
import java.lang.reflect.Field;

/**
 * New TLS material for the clustered event bus while it runs. The bus keeps its TCP server and client to itself (no
 * accessor); both take new material through their public {@code updateSSLOptions}, which is what this reaches. Should
 * a Vert.x upgrade move them, the update fails with a message saying a restart takes the new keys, and the
 * credentials test fails first.
 */
final class RunningBusTls {

    private RunningBusTls() {}

    static Future<Void> update(Vertx vertx, ServerSSLOptions server, ClientSSLOptions client) {
        Object bus = vertx.eventBus();
        NetServer busServer;
        NetClient busClient;
        try {
            busServer = (NetServer) field(bus, "server");
            busClient = (NetClient) field(bus, "client");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Future.failedFuture(
                    new IllegalStateException("this Vert.x event bus cannot take new TLS keys while it runs (" + e
                            + "); restart the node to take them"));
        }
        Future<Boolean> inbound =
                busServer == null ? Future.succeededFuture(false) : busServer.updateSSLOptions(server, true);
        return Future.all(inbound, busClient.updateSSLOptions(client, true)).mapEmpty();
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(target);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(target.getClass().getName() + "." + name);
    }
}

package io.taumesh.core.node;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.contract.FieldError;
import io.vertx.core.json.JsonObject;

/**
 * A service's settings record in its verticle's deployment config, under the service's key
 * ({@code {"gateway": {...}}}), written and read by Jackson: what a config leaves out comes from the
 * defaults, and the record validates itself, so a bad value fails naming its field ({@code gateway.queue_limit}).
 */
public final class ServiceConfig {

    private ServiceConfig() {}

    public static JsonObject of(String key, Object settings) {
        return new JsonObject().put(key, MeshJson.toJson(settings));
    }

    public static <T> T read(JsonObject config, String key, Class<T> type, T defaults) {
        JsonObject given = config == null ? null : config.getJsonObject(key);
        JsonObject merged = MeshJson.toJson(defaults);
        if (given != null) {
            merged.mergeIn(given);
        }
        try {
            return MeshJson.bind(merged, type);
        } catch (FieldError e) {
            throw e.under(key);
        }
    }
}

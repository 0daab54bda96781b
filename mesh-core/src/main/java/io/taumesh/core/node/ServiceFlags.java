package io.taumesh.core.node;

import io.taumesh.core.contract.FieldError;
import io.vertx.core.json.JsonObject;

/** A service's own command-line flags (a picocli mixin), turned into its verticle's deployment config. */
public interface ServiceFlags {

    /** The deployment config these flags describe; throws {@link IllegalArgumentException} naming a bad flag. */
    JsonObject toConfig();

    /**
     * A settings error as the command line speaks of it: field {@code queue_limit} of the gateway is flag
     * {@code --gateway-queue-limit}.
     */
    static IllegalArgumentException asFlagError(String flagPrefix, FieldError error) {
        return new IllegalArgumentException(flagPrefix + error.field().replace('_', '-') + " " + error.reason(), error);
    }
}

package io.taumesh.core.node;

import io.vertx.core.json.JsonObject;

/** A service's own command-line flags (a picocli mixin), turned into its verticle's deployment config. */
public interface ServiceFlags {

  /** The deployment config these flags describe; throws {@link IllegalArgumentException} naming a bad flag. */
  JsonObject toConfig();
}

/**
 * The event bus as the services use it: the address book ({@link io.taumesh.core.bus.Addresses}), message
 * envelopes and their JSON, correlation ids carried across hops, per-service status endpoints and singleton claims.
 * Imports only {@code contract} of the core.
 */
package io.taumesh.core.bus;

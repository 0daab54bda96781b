/**
 * The event bus as the services use it: the address book ({@link io.taumesh.core.bus.Addresses}), message
 * envelopes and their JSON, the published JSON Schemas input is checked against ({@link io.taumesh.core.bus.SchemaCheck}),
 * correlation ids carried across hops, per-service status endpoints and singleton claims. Imports only {@code contract}
 * of the core.
 */
package io.taumesh.core.bus;

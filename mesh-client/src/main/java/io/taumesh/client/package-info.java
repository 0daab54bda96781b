/**
 * The Java client of a running mesh ({@code docs/clients.md}): {@link io.taumesh.client.MeshClient} joins the mesh's
 * cluster as a lite member and offers a typed call for each public address of the event-bus address book, with the
 * message records the services themselves use. Imports {@code mesh-core} only, never a service.
 */
package io.taumesh.client;

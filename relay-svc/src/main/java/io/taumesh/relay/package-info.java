/**
 * The IPC relay: a Unix socket (0600) that carries line-framed JSON between local clients and the event bus, with
 * slow-client handling. Imports {@code mesh-core} only, never another service.
 */
package io.taumesh.relay;

/**
 * The bodies that travel on the addresses of the book ({@code docs/event-bus.md}) between services, one record
 * each, written by the service that sends them and read by every service that takes them. A service's own replies
 * that no other service reads stay with that service. Imports {@code bus} and {@code contract} of the core only.
 */
package io.taumesh.core.bus.message;

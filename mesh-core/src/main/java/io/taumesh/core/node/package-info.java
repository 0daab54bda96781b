/**
 * One service as a process: its flags and settings, joining the cluster, the ops server, console logging, the
 * start and stop sequence and the process name. Puts the rest of the core together; never imports a service.
 */
package io.taumesh.core.node;

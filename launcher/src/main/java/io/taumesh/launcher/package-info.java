/**
 * The {@code tau-mesh} command: the all-in-one mesh and every operator command of the runbooks. The one module that
 * depends on every service, to start them in one process; nothing imports it (ArchitectureTest holds the services and
 * the core to that).
 */
package io.taumesh.launcher;

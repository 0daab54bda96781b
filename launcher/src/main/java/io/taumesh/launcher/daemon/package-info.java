/**
 * The mesh as a background daemon: starting, stopping and inspecting it, its files, and the systemd and launchd
 * profiles that install it.
 */
package io.taumesh.launcher.daemon;

/**
 * The mesh as a background daemon: starting, stopping and inspecting it, its files, and the systemd and launchd
 * profiles that install it. It builds on the core and on the supervisor's heartbeat (whose state file it reads for
 * {@code --daemon-status}); the launcher's commands call it, and it imports none of them.
 */
package io.taumesh.launcher.daemon;

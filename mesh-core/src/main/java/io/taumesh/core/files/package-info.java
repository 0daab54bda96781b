/**
 * Files written so that a crash loses nothing acknowledged: atomic replace, fsync, the state-dir lock, and the file
 * system seam tests use to crash a write. Imports nothing from the mesh.
 */
package io.taumesh.core.files;

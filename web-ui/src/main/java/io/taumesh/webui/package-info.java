/**
 * The web UI: static pages and the SockJS bridge that lets a browser follow widget views and send control actions,
 * permitting only the UI's addresses. Imports {@code mesh-core} only, never another service.
 */
package io.taumesh.webui;

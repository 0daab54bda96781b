/**
 * What every service shares and nothing else: the bus vocabulary, cluster joining, the contract-runner engine,
 * state files, logging, metrics, the ops server and security. Code here never imports a service module.
 */
package io.taumesh.core;

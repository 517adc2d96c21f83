/**
 * The maintenance transports as services: one {@link io.mtce.transport.Transport} per network and role, and
 * {@link io.mtce.transport.DatagramListener} whiteboard services that receive what arrives on them. Roles (agent,
 * client) send and receive through these types only and never touch a socket.
 */
@Export
@Version("2.0.0")
package io.mtce.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

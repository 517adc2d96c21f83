/**
 * The UDP socket core shared by the per-network transport bundles: {@link io.mtce.transport.udp.EndpointConfig}
 * (parsing and validation of the configuration keys), {@link io.mtce.transport.udp.UdpEndpoint} (one socket, its
 * receive thread and its UP/DOWN state), {@link io.mtce.transport.udp.SocketRecovery} (the periodic rebind of
 * failed sockets) and {@link io.mtce.transport.udp.UdpTransport}, the base of the network components.
 */
@Export
@Version("1.0.0")
package io.mtce.transport.udp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

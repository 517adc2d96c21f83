/**
 * What a network bundle builds its transport from: the {@link io.mtce.transport.udp.UdpTransports} service opens a
 * {@link io.mtce.transport.udp.UdpTransport} (one UDP socket, its socket recovery and its listeners) that the
 * bundle's component delegates to. The socket code itself is private to io.mtce.transport.
 */
@Export
@Version("2.0.0")
package io.mtce.transport.udp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * Inbound protection for maintenance datagrams that stays wire-compatible with the C++ daemons: an optional
 * HMAC-SHA-256 trailer placed after buf's NUL (so a receiver that does not know it still parses the message), the
 * keys that sign and verify it (with a grace period for a rotated key), a replay window, and the reasons and counts
 * of rejected datagrams. {@link io.mtce.protocol.auth.DatagramAuthentication} is the node's configured
 * authentication, one service that both roles use. See docs/security.md for the trailer layout and its rationale.
 * No I/O but reading a key file.
 */
@Export
@Version("1.1.0")
package io.mtce.protocol.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

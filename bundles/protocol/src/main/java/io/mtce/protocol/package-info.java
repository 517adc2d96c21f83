/**
 * The mtcAgent/mtcClient wire protocol: the packed 1060-byte {@code mtc_message_type}, its header strings, command
 * codes and mtcAlive payload, and the {@link io.mtce.protocol.MessageCodec} service that turns them into the exact
 * bytes the C++ maintenance daemons send and back. Nothing here touches a socket.
 */
@Export
@Version("1.4.0")
package io.mtce.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

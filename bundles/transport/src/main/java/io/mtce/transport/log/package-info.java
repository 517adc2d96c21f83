/**
 * Rate-limited warnings about what peers send, so that a flood of bad datagrams cannot fill the log. Shared by the
 * roles.
 */
@Export
@Version("1.0.0")
package io.mtce.transport.log;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

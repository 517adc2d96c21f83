/**
 * Small helpers shared by the transports and the roles: IP literals parsed without DNS, and rate-limited warnings
 * so that a flood of bad datagrams cannot fill the log.
 */
@Export
@Version("1.1.0")
package io.mtce.transport.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

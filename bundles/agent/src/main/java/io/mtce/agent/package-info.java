/**
 * The agent role's operator-facing API: the host inventory and its administrative lock state, what each host
 * reports over each network, and the lock/unlock operations that drive the clients' node-locked files.
 */
@Export
@Version("1.3.0")
package io.mtce.agent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * Addresses in configuration and inventory: IP literals parsed without ever asking DNS, and MAC addresses checked.
 * Shared by the transports and the roles.
 */
@Export
@Version("1.0.0")
package io.mtce.transport.address;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

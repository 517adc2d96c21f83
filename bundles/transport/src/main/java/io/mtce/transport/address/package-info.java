/**
 * Addresses and names in configuration and inventory: IP literals parsed without ever asking DNS, MAC addresses and
 * DNS host names checked.
 * Shared by the transports and the roles.
 */
@Export
@Version("1.1.0")
package io.mtce.transport.address;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

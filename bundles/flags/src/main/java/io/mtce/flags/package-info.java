/**
 * The node-locked flag files: {@link io.mtce.flags.NodeLockFlags} keeps the volatile file
 * ({@code /var/run/.node_locked}) and its non-volatile backup ({@code /var/persist/mtc/.node_locked}) present
 * together while the host is locked and absent together while it is unlocked; every change is durable before it
 * returns, an interrupted change is completed at the next start, and changes made by hand are set right.
 * {@link io.mtce.flags.FlagStateListener} services are told about every change.
 */
@Export
@Version("1.1.0")
package io.mtce.flags;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

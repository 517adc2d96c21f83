/**
 * Crash-safe file writes shared by every bundle that keeps state on disk: temp file, fsync, atomic rename,
 * directory fsync; removal with a directory fsync. The flag files use it, and so does the agent's inventory.
 * {@link io.mtce.flags.durable.DurableBatch} (1.2.0) changes several files with one fsync per directory.
 */
@Export
@Version("1.2.0")
package io.mtce.flags.durable;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

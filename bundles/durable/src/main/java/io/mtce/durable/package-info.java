/**
 * Crash-safe file writes shared by every bundle that keeps state on disk: temp file, fsync, atomic rename,
 * directory fsync; removal with a directory fsync. The node-locked flag files use it, and so does the agent's
 * inventory. {@link io.mtce.durable.DurableBatch} changes several files with one fsync per directory; a failed step
 * throws {@link io.mtce.durable.DurableFileException}, naming the file and the step. A
 * {@link io.mtce.durable.DirectoryGuard} is asked before every step that changes a directory.
 */
@Export
@Version("1.1.0")
package io.mtce.durable;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

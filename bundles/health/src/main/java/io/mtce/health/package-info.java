/**
 * The container's health: whether every configured component is active and every transport bound (ready), and
 * whether the event loops still run work (live), with the facts behind both, for the REST API, the shell and the
 * service manager's STATUS= line.
 */
@Export
@Version("1.0.0")
package io.mtce.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

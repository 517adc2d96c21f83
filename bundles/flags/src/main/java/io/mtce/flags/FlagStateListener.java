package io.mtce.flags;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard listener: register an implementation as an OSGi service to be told about every change, correction
 * and failure of the flag files. Calls come one at a time, in order, on a thread of the flags bundle; a listener
 * must return quickly and may call {@link NodeLockFlags}.
 */
@ConsumerType
public interface FlagStateListener {

    void flagsChanged(FlagChange change);
}

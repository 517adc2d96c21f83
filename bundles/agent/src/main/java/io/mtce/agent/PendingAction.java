package io.mtce.agent;

/** An administrative change the agent is still driving to the host (not yet acknowledged on any network). */
public enum PendingAction {
    NONE,
    LOCK,
    UNLOCK
}

package io.mtce.agent;

/** A host's administrative state, as the operator set it. */
public enum AdminState {
    LOCKED,
    UNLOCKED
}

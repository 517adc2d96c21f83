package io.mtce.agent.internal;

import io.mtce.protocol.auth.AuthSettings;

/**
 * The agent's inbound protection settings, validated. Error messages name the configuration key.
 *
 * @param sourceAllowlist accept datagrams only from inventory addresses, an mtcAlive only from its host's address
 * @param auth how datagrams are signed and checked
 */
record AgentSecurity(boolean sourceAllowlist, AuthSettings auth) {

    /** The defaults: allowlist on, authentication off. */
    static final AgentSecurity DEFAULT = new AgentSecurity(true, AuthSettings.off());

    static AgentSecurity from(AgentConfig c) {
        return new AgentSecurity(c.source_allowlist(), AuthSettings.parse(c.auth_mode(), c.auth_key(),
                c.auth_key_file(), c.auth_previous_key(), c.auth_previous_key_file(), c.auth_grace_seconds(),
                c.auth_replay_window_ms()));
    }
}

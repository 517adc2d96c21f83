package io.mtce.client.internal;

import io.mtce.protocol.auth.AuthSettings;

/**
 * The client's inbound protection settings, validated. Error messages name the configuration key.
 *
 * @param sourceAllowlist accept commands only from the controller addresses (and this host's own) per network
 * @param auth how datagrams are signed and checked
 */
record ClientSecurity(boolean sourceAllowlist, AuthSettings auth) {

    /** The defaults: allowlist on, authentication off. */
    static final ClientSecurity DEFAULT = new ClientSecurity(true, AuthSettings.off());

    static ClientSecurity from(ClientConfig c) {
        return new ClientSecurity(c.source_allowlist(), AuthSettings.parse(c.auth_mode(), c.auth_key(),
                c.auth_key_file(), c.auth_previous_key(), c.auth_previous_key_file(), c.auth_grace_seconds(),
                c.auth_replay_window_ms()));
    }
}

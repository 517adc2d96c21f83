package io.mtce.protocol.auth.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The node's datagram authentication, for the agent and the client alike. Underscores become dots. */
@ObjectClassDefinition(id = ConfiguredAuthentication.PID, name = "mtce datagram authentication",
        description = "How this node signs and checks maintenance datagrams, for the agent and the client role: the"
                + " same on every node of the cluster. Without this configuration authentication is off.")
@interface AuthConfig {

    @AttributeDefinition(name = "Authentication mode",
            description = "off: neither sign nor check (C++ compatible); sign: sign what is sent, accept unsigned"
                    + " datagrams too (rolling upgrade); require: sign, and reject unsigned datagrams. The same on"
                    + " every node of the cluster.")
    String auth_mode() default "off";

    @AttributeDefinition(name = "Authentication key", type = AttributeType.PASSWORD, required = false,
            description = "The cluster's HMAC-SHA-256 key, hex or base64 (at least 16 bytes, 32 recommended)."
                    + " Prefer auth.key.file.")
    String auth_key() default "";

    @AttributeDefinition(name = "Authentication key file", required = false,
            description = "Absolute path of a file holding the key (hex or base64); it must not be accessible by"
                    + " group or others (mode 0600).")
    String auth_key_file() default "";

    @AttributeDefinition(name = "Other accepted key", type = AttributeType.PASSWORD, required = false,
            description = "A second key accepted (never used to sign) for auth.grace.seconds after this"
                    + " configuration is applied: the previous key after a rotation, or the next one before it.")
    String auth_previous_key() default "";

    @AttributeDefinition(name = "Other accepted key file", required = false,
            description = "As auth.previous.key, from a file (mode 0600).")
    String auth_previous_key_file() default "";

    @AttributeDefinition(name = "Key grace period (s)",
            description = "How long the other key is accepted after the configuration is applied. >= 0.")
    long auth_grace_seconds() default 3600L;

    @AttributeDefinition(name = "Replay window (ms)",
            description = "A signed datagram whose sender clock differs from ours by more than this is refused;"
                    + " within it, each datagram is accepted once. > 0.")
    long auth_replay_window_ms() default 30000L;
}

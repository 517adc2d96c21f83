package io.mtce.protocol.auth;

import java.util.Locale;

/** How a role authenticates datagrams; the same on every node of a cluster except while the mode is being changed. */
public enum AuthMode {
    /** Neither signs nor checks: byte-for-byte what the C++ daemons send and accept. */
    OFF,
    /** Signs what it sends and accepts unsigned datagrams too (a rolling upgrade); a signed one must verify. */
    SIGN,
    /** Signs what it sends and rejects every datagram that does not carry a valid signature. */
    REQUIRE;

    /**
     * @param key the configuration key, named in the error
     * @throws IllegalArgumentException when {@code value} is not off, sign or require
     */
    public static AuthMode parse(String key, String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        switch (v) {
            case "", "off" -> {
                return OFF;
            }
            case "sign" -> {
                return SIGN;
            }
            case "require" -> {
                return REQUIRE;
            }
            default -> throw new IllegalArgumentException(key + " must be off, sign or require, got '" + value + "'");
        }
    }
}

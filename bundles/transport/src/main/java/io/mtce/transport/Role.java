package io.mtce.transport;

/** Which maintenance daemon a transport serves; it decides the default ports. */
public enum Role {
    /** mtcAgent, on the controllers. */
    AGENT("agent"),
    /** mtcClient, on every host. */
    CLIENT("client");

    private final String propertyValue;

    Role(String propertyValue) {
        this.propertyValue = propertyValue;
    }

    /** The value of the {@link TransportConstants#ROLE} service property: {@code agent} or {@code client}. */
    public String propertyValue() {
        return propertyValue;
    }

    /** The role the other end of the link plays. */
    public Role peer() {
        return this == AGENT ? CLIENT : AGENT;
    }

    /**
     * How a transport's {@link TransportConstants#ROLE} service property reads to an operator: {@code agent} or
     * {@code client}, {@code none} when it is missing, {@code invalid} otherwise. A transport whose configuration
     * names no valid role still answers {@link Transport#role()}, so views show this instead.
     *
     * @since 2.0
     */
    public static String describe(Object propertyValue) {
        if (propertyValue == null || propertyValue.toString().isBlank()) {
            return "none";
        }
        Role role = fromPropertyValue(propertyValue.toString().trim());
        return role == null ? "invalid" : role.propertyValue;
    }

    /** @return the role whose property value is {@code value}, or {@code null} when there is none */
    public static Role fromPropertyValue(String value) {
        for (Role r : values()) {
            if (r.propertyValue.equals(value)) {
                return r;
            }
        }
        return null;
    }
}

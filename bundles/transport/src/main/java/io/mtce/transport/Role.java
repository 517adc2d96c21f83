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

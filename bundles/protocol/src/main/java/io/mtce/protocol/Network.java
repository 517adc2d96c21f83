package io.mtce.protocol;

/** The three maintenance networks, with the interface names and ids the C++ daemons use in logs and JSON. */
public enum Network {
    MANAGEMENT("Mgmnt", 0),
    CLUSTER_HOST("Clstr", 1),
    PXEBOOT("Pxeboot", 2);

    private final String wireName;
    private final int id;

    Network(String wireName, int id) {
        this.wireName = wireName;
        this.id = id;
    }

    /** The name carried in the mtcAlive/command JSON {@code "interface"} key: Mgmnt, Clstr or Pxeboot. */
    public String wireName() {
        return wireName;
    }

    /** MGMNT_INTERFACE=0, CLSTR_INTERFACE=1, PXEBOOT_INTERFACE=2. */
    public int id() {
        return id;
    }

    /** @return the network whose wire name is {@code name}, or {@code null} when there is none */
    public static Network fromWireName(String name) {
        for (Network n : values()) {
            if (n.wireName.equals(name)) {
                return n;
            }
        }
        return null;
    }
}

package io.mtce.protocol;

import java.util.List;

/**
 * The three maintenance networks, and every fact about one that more than one bundle needs: the interface name and
 * id the C++ daemons use in logs and JSON, the key this project names it by, the mtc.conf rx ports of both daemons,
 * and the order in which the daemons send on the networks.
 */
public enum Network {
    MANAGEMENT("Mgmnt", 0, Network.MANAGEMENT_KEY, 2101, 2118, false),
    CLUSTER_HOST("Clstr", 1, Network.CLUSTER_HOST_KEY, 2101, 2115, false),
    PXEBOOT("Pxeboot", 2, Network.PXEBOOT_KEY, 2102, 2119, true);

    /**
     * The {@link #key()} of {@link #MANAGEMENT}, as a constant for annotations.
     *
     * @since 1.4
     */
    public static final String MANAGEMENT_KEY = "management";
    /**
     * The {@link #key()} of {@link #CLUSTER_HOST}, as a constant for annotations.
     *
     * @since 1.4
     */
    public static final String CLUSTER_HOST_KEY = "cluster-host";
    /**
     * The {@link #key()} of {@link #PXEBOOT}, as a constant for annotations.
     *
     * @since 1.4
     */
    public static final String PXEBOOT_KEY = "pxeboot";

    private static final List<Network> SEND_ORDER = List.of(PXEBOOT, MANAGEMENT, CLUSTER_HOST);
    private static final List<Network> PRIMARY = SEND_ORDER.stream().filter(n -> !n.fallback).toList();

    private final String wireName;
    private final int id;
    private final String key;
    private final int agentRxPort;
    private final int clientRxPort;
    private final boolean fallback;

    Network(String wireName, int id, String key, int agentRxPort, int clientRxPort, boolean fallback) {
        this.wireName = wireName;
        this.id = id;
        this.key = key;
        this.agentRxPort = agentRxPort;
        this.clientRxPort = clientRxPort;
        this.fallback = fallback;
    }

    /** The name carried in the mtcAlive/command JSON {@code "interface"} key: Mgmnt, Clstr or Pxeboot. */
    public String wireName() {
        return wireName;
    }

    /** MGMNT_INTERFACE=0, CLSTR_INTERFACE=1, PXEBOOT_INTERFACE=2. */
    public int id() {
        return id;
    }

    /**
     * The network's name outside Java: management, cluster-host or pxeboot. It is the value of the transports'
     * {@code mtce.network} service property and the network's key in JSON, including the agent's inventory file, so
     * it never changes.
     *
     * @since 1.4
     */
    public String key() {
        return key;
    }

    /**
     * The port mtcAgent receives on from this network (mtc.conf): 2101 on management and cluster-host, 2102 on
     * pxeboot.
     *
     * @since 1.4
     */
    public int agentRxPort() {
        return agentRxPort;
    }

    /**
     * The port mtcClient receives on from this network (mtc.conf): 2118 on management, 2115 on cluster-host, 2119 on
     * pxeboot.
     *
     * @since 1.4
     */
    public int clientRxPort() {
        return clientRxPort;
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

    /**
     * @return the network whose {@link #key()} is {@code key}, or {@code null} when there is none
     * @since 1.4
     */
    public static Network fromKey(String key) {
        for (Network n : values()) {
            if (n.key.equals(key)) {
                return n;
            }
        }
        return null;
    }

    /**
     * Every network in the order the daemons send on them, as the C++ daemons do: pxeboot, management,
     * cluster-host. Failed sockets are retried in this order too.
     *
     * @since 1.4
     */
    public static List<Network> sendOrder() {
        return SEND_ORDER;
    }

    /**
     * The networks every command is sent on, in {@link #sendOrder()}: management and cluster-host. Pxeboot is the
     * fallback, added where the agent must reach a host whatever state its other networks are in.
     *
     * @since 1.4
     */
    public static List<Network> primaryNetworks() {
        return PRIMARY;
    }
}

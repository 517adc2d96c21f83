package io.mtce.client.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The client role's configuration. Underscores become dots. */
@ObjectClassDefinition(id = ClientSettings.PID, name = "mtce client role",
        description = "This host's identity as reported in mtcAlive, where mtcAlive is sent on each network and how"
                + " often, and the source allowlist. Authentication is configured once for the node, under"
                + " io.mtce.auth.")
@interface ClientConfig {

    @AttributeDefinition(name = "Hostname",
            description = "This host's name: the mtcAlive \"hostname\" the agent identifies it by. Required.")
    String hostname() default "";

    @AttributeDefinition(name = "Personality", description = "controller, worker or storage.")
    String personality() default "worker";

    @AttributeDefinition(name = "Management MAC",
            description = "This host's management MAC (xx:xx:xx:xx:xx:xx, taken in lower case as the kernel reports"
                    + " it). Commands (ver >= 1) carrying another MAC, or this one in another case, are ignored, as"
                    + " the C++ client does. Required.")
    String mgmt_mac() default "";

    @AttributeDefinition(name = "Management IP", description = "This host's management address (IP literal), or"
            + " empty.")
    String mgmt_ip() default "";

    @AttributeDefinition(name = "Cluster-host IP", description = "This host's cluster-host address (IP literal), or"
            + " empty when the network is not provisioned.")
    String cluster_host_ip() default "";

    @AttributeDefinition(name = "Pxeboot IP", description = "This host's pxeboot address (IP literal), or empty.")
    String pxeboot_ip() default "";

    @AttributeDefinition(name = "Controller management addresses",
            description = "The floating controller address (IP literal): where mtcAlive and management acks go.")
    String[] controller_mgmt() default {};

    @AttributeDefinition(name = "Controller unit management addresses",
            description = "controller-0's and controller-1's own management addresses (IP literals). The C++ agent"
                    + " sends its commands from the active controller's unit address, so the source allowlist accepts"
                    + " these as well as the floating one.")
    String[] controller_mgmt_units() default {};

    @AttributeDefinition(name = "Controller cluster-host addresses",
            description = "controller-0 and controller-1 on cluster-host (IP literals): where mtcAlive and"
                    + " cluster-host acks go (to both, as the C++ client sends them).")
    String[] controller_cluster() default {};

    @AttributeDefinition(name = "Controller pxeboot addresses",
            description = "controller-0 and controller-1 on pxeboot (IP literals): where pxeboot mtcAlive goes"
                    + " until the agent's pxeboot mtcAlive request names them (pxebootInfo), as the C++ client learns"
                    + " them.")
    String[] controller_pxeboot() default {};

    @AttributeDefinition(name = "mtcAlive period (ms)", description = "Period of mtcAlive on every network. > 0.")
    long mtcalive_period_ms() default 5000L;

    @AttributeDefinition(name = "First mtcAlive delay (ms)",
            description = "Delay from start to the first mtcAlive. >= 0.")
    long mtcalive_first_delay_ms() default 1000L;

    @AttributeDefinition(name = "Legacy: no UNLOCKED",
            description = "Behave like a client that predates the UNLOCKED command (24): treat it as unknown (log,"
                    + " acknowledge, leave the flag files alone). For compatibility tests only.")
    boolean legacy_no_unlocked() default false;

    @AttributeDefinition(name = "Source allowlist",
            description = "Accept commands only from the controller addresses of the network they arrive on"
                    + " (controller.mgmt and controller.mgmt.units, controller.cluster, controller.pxeboot) or from"
                    + " this host's own address"
                    + " there. Rejections are counted and logged at most once a minute per reason and network.")
    boolean source_allowlist() default true;
}

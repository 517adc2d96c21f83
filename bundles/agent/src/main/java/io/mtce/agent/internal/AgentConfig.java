package io.mtce.agent.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The agent role's configuration. Underscores become dots (inventory_path is the key inventory.path). */
@ObjectClassDefinition(id = AgentSettings.PID, name = "mtce agent role",
        description = "Where the host inventory is kept, the agent's own addresses, and the timing of command retries,"
                + " the locked refresh audit and the pxeboot mtcAlive monitor.")
@interface AgentConfig {

    @AttributeDefinition(name = "Inventory file",
            description = "Absolute path of the host inventory (JSON), rewritten crash-safely on every change.")
    String inventory_path() default "/var/lib/mtce/inventory.json";

    @AttributeDefinition(name = "Initial inventory", required = false,
            description = "Absolute path of an inventory file (same JSON) that becomes the inventory when the"
                    + " inventory file does not exist yet, e.g. on first start; empty: start with no hosts.")
    String inventory_seed() default "";

    @AttributeDefinition(name = "Simplex",
            description = "An all-in-one simplex system (replaces the C++ check of /etc/platform/simplex): LOCKED"
                    + " carries no persist flag, and neither corrections nor retries use pxeboot.")
    boolean simplex() default false;

    @AttributeDefinition(name = "Management address",
            description = "The agent's own management address (IP literal), put in every command's payload.")
    String mgmt_address() default "";

    @AttributeDefinition(name = "Cluster-host address",
            description = "The agent's own cluster-host address (IP literal), put in every command's payload.")
    String cluster_address() default "";

    @AttributeDefinition(name = "Pxeboot address",
            description = "The agent's own pxeboot address (IP literal), put in every command's payload.")
    String pxeboot_address() default "";

    @AttributeDefinition(name = "First retry (ms)",
            description = "How long a LOCKED/UNLOCKED waits for its ack before the first retry; retries then back"
                    + " off exponentially. Also the least interval between two corrections on one network. > 0.")
    long retry_initial_ms() default 250L;

    @AttributeDefinition(name = "Longest retry interval (ms)",
            description = "The cap of the retry back-off. >= the first retry.")
    long retry_max_ms() default 5000L;

    @AttributeDefinition(name = "Online audit period (ms)",
            description = "Period of the locked refresh: LOCKED is resent to every locked host whose mtcAlive was"
                    + " seen within two periods. > 0.")
    long online_audit_ms() default 7000L;

    @AttributeDefinition(name = "Pxeboot monitor period (ms)",
            description = "Period of the pxeboot mtcAlive monitor (alarm 200.003). > 0.")
    long pxeboot_monitor_ms() default 10000L;

    @AttributeDefinition(name = "Pxeboot miss threshold",
            description = "Consecutive monitor periods without a pxeboot mtcAlive that make one loss. >= 1.")
    int pxeboot_miss_threshold() default 6;

    @AttributeDefinition(name = "Pxeboot loss threshold",
            description = "Losses that raise alarm 200.003. >= 1.")
    int pxeboot_loss_threshold() default 2;
}

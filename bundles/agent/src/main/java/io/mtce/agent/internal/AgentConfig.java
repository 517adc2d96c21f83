package io.mtce.agent.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The agent role's configuration. Underscores become dots (inventory_path is the key inventory.path). */
@ObjectClassDefinition(id = AgentSettings.PID, name = "mtce agent role",
        description = "Where the host inventory is kept, the agent's own addresses, the timing of command retries,"
                + " the locked refresh audit and the pxeboot mtcAlive monitor, and the source allowlist."
                + " Authentication is configured once for the node, under io.mtce.auth.")
@interface AgentConfig {

    @AttributeDefinition(name = "Inventory file",
            description = "Absolute path of the host inventory (JSON), rewritten crash-safely on every change.")
    String inventory_path() default "/var/lib/mtce/inventory.json";

    @AttributeDefinition(name = "Inventory store",
            description = "file: the inventory file (one controller); etcd: keys in an etcd cluster shared by the"
                    + " controllers, which then elect the active agent there (see etcd.*).")
    String inventory() default "file";

    @AttributeDefinition(name = "etcd endpoints", required = false,
            description = "With inventory=etcd: the client URLs of the etcd members, http://host:port, separated by"
                    + " commas.")
    String[] etcd_endpoints() default {};

    @AttributeDefinition(name = "etcd key prefix",
            description = "With inventory=etcd: where the keys live (hosts under <prefix>hosts/, the election at"
                    + " <prefix>active). Starts and ends with '/'.")
    String etcd_prefix() default "/mtce/";

    @AttributeDefinition(name = "etcd request timeout (ms)",
            description = "With inventory=etcd: how long one request may wait for one member before the next is"
                    + " tried; an admin change is refused after it fails on every member. > 0.")
    long etcd_timeout_ms() default 2000L;

    @AttributeDefinition(name = "Active lease TTL (s)",
            description = "With inventory=etcd: the TTL of the lease that keeps this agent active. The standby takes"
                    + " over about this long after the active agent dies. >= 1; etcd raises it to its least TTL, 1.5"
                    + " times its election timeout (2 s with etcd's defaults; 1 s with --election-timeout 500).")
    long etcd_lease_ttl_s() default 2L;

    @AttributeDefinition(name = "Active lease margin (ms)",
            description = "With inventory=etcd: the active agent stops commanding this long before its lease could"
                    + " expire in etcd (counted from the last renewal it sent), so that two agents never command at"
                    + " once. >= 0, < half the TTL.")
    long etcd_lease_margin_ms() default 500L;

    @AttributeDefinition(name = "Controller name", required = false,
            description = "With inventory=etcd: this controller's name in the election and the status; empty: the"
                    + " host name.")
    String controller_name() default "";

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

    @AttributeDefinition(name = "Controllers' pxeboot addresses", required = false,
            description = "controller-0's and controller-1's pxeboot addresses (IP literals, in that order), sent in"
                    + " every pxeboot mtcAlive request (pxebootInfo): a C++ client sends its pxeboot mtcAlive only to"
                    + " these. Empty: this agent's pxeboot.address stands for controller-0.")
    String[] pxeboot_controllers() default {};

    @AttributeDefinition(name = "First retry (ms)",
            description = "How long a LOCKED/UNLOCKED waits for its ack before the first retry; retries then back"
                    + " off exponentially. Also the least interval between two corrections on one network. > 0.")
    long retry_initial_ms() default 250L;

    @AttributeDefinition(name = "Longest retry interval (ms)",
            description = "The cap of the retry back-off. >= the first retry.")
    long retry_max_ms() default 5000L;

    @AttributeDefinition(name = "Give up after (ms)",
            description = "A lock or unlock not acknowledged within this time stops being retried and is no longer"
                    + " in progress (logged as not acknowledged); mtcAlive corrections still apply when the host"
                    + " is heard from. Keeps a dead host from blocking the opposite change forever.")
    long retry_giveup_ms() default 120000L;

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

    @AttributeDefinition(name = "Source allowlist",
            description = "Accept datagrams only from the inventory's addresses of the network they arrive on, and"
                    + " an mtcAlive only from the address of the host it names. Rejections are counted and logged at"
                    + " most once a minute per reason and network.")
    boolean source_allowlist() default true;
}

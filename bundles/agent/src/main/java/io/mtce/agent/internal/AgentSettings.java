package io.mtce.agent.internal;

import io.mtce.durable.FilePaths;
import io.mtce.protocol.Network;
import io.mtce.protocol.PxebootInfo;
import io.mtce.transport.address.IpLiterals;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The validated agent configuration. Error messages name the configuration key. */
record AgentSettings(Path inventoryPath, boolean simplex, String mgmtAddress, String clusterAddress,
        String pxebootAddress, long retryInitialMs, long retryMaxMs, long onlineAuditMs, long pxebootMonitorMs,
        int pxebootMissThreshold, int pxebootLossThreshold, Path inventorySeed, long retryGiveUpMs,
        List<String> pxebootControllers) {

    static final String PID = "io.mtce.agent";

    AgentSettings {
        Objects.requireNonNull(inventoryPath, "inventory.path");
        mgmtAddress = optionalIp("mgmt.address", mgmtAddress);
        clusterAddress = optionalIp("cluster.address", clusterAddress);
        pxebootAddress = optionalIp("pxeboot.address", pxebootAddress);
        positive("retry.initial.ms", retryInitialMs);
        if (retryMaxMs < retryInitialMs) {
            throw new IllegalArgumentException("retry.max.ms must be at least retry.initial.ms (" + retryInitialMs
                    + "), got " + retryMaxMs);
        }
        if (retryGiveUpMs < retryMaxMs) {
            throw new IllegalArgumentException("retry.giveup.ms must be at least retry.max.ms (" + retryMaxMs
                    + "), got " + retryGiveUpMs);
        }
        positive("online.audit.ms", onlineAuditMs);
        positive("pxeboot.monitor.ms", pxebootMonitorMs);
        positive("pxeboot.miss.threshold", pxebootMissThreshold);
        positive("pxeboot.loss.threshold", pxebootLossThreshold);
        List<String> units = new ArrayList<>();
        for (String unit : Objects.requireNonNullElse(pxebootControllers, List.<String>of())) {
            units.add(optionalIp("pxeboot.controllers", unit));
        }
        if (units.size() > 2) {
            throw new IllegalArgumentException("pxeboot.controllers lists controller-0 and controller-1, got "
                    + units.size() + " addresses");
        }
        pxebootControllers = List.copyOf(units);
    }

    /** Without pxeboot.controllers: this agent's pxeboot address stands for controller-0. */
    AgentSettings(Path inventoryPath, boolean simplex, String mgmtAddress, String clusterAddress,
            String pxebootAddress, long retryInitialMs, long retryMaxMs, long onlineAuditMs, long pxebootMonitorMs,
            int pxebootMissThreshold, int pxebootLossThreshold, Path inventorySeed, long retryGiveUpMs) {
        this(inventoryPath, simplex, mgmtAddress, clusterAddress, pxebootAddress, retryInitialMs, retryMaxMs,
                onlineAuditMs, pxebootMonitorMs, pxebootMissThreshold, pxebootLossThreshold, inventorySeed,
                retryGiveUpMs, List.of());
    }

    /**
     * The pxebootInfo of a pxeboot mtcAlive request: this agent's pxeboot address as the active controller's, and
     * each unit's from pxeboot.controllers (controller-0 defaulting to this agent's own).
     */
    PxebootInfo pxebootInfo() {
        String c0 = pxebootControllers.isEmpty() ? pxebootAddress : pxebootControllers.get(0);
        String c1 = pxebootControllers.size() < 2 ? "" : pxebootControllers.get(1);
        return new PxebootInfo(pxebootAddress, c0, c1);
    }

    static AgentSettings from(AgentConfig c) {
        return new AgentSettings(FilePaths.absoluteFile("inventory.path", c.inventory_path()), c.simplex(),
                c.mgmt_address(), c.cluster_address(), c.pxeboot_address(), c.retry_initial_ms(), c.retry_max_ms(),
                c.online_audit_ms(), c.pxeboot_monitor_ms(), c.pxeboot_miss_threshold(), c.pxeboot_loss_threshold(),
                c.inventory_seed() == null || c.inventory_seed().isBlank() ? null
                        : FilePaths.absoluteFile("inventory.seed", c.inventory_seed()), c.retry_giveup_ms(),
                c.pxeboot_controllers() == null ? List.of() : List.of(c.pxeboot_controllers()));
    }

    /** Defaults, with the inventory at {@code inventory}: for tests and tools. */
    static AgentSettings defaults(Path inventory) {
        return new AgentSettings(inventory, false, "", "", "", 250, 5000, 7000, 10000, 6, 2, null, 120_000);
    }

    /** The agent's own address on {@code network}, or "" when not configured. */
    String address(Network network) {
        return switch (network) {
            case MANAGEMENT -> mgmtAddress;
            case CLUSTER_HOST -> clusterAddress;
            case PXEBOOT -> pxebootAddress;
        };
    }

    private static String optionalIp(String key, String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        return IpLiterals.parse(key, value).getHostAddress();
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be greater than 0, got " + value);
        }
    }
}

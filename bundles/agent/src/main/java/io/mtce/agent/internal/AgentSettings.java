package io.mtce.agent.internal;

import io.mtce.flags.durable.FilePaths;

import io.mtce.transport.support.IpLiterals;

import io.mtce.protocol.Network;
import java.nio.file.Path;
import java.util.Objects;

/** The validated agent configuration. Error messages name the configuration key. */
record AgentSettings(Path inventoryPath, boolean simplex, String mgmtAddress, String clusterAddress,
        String pxebootAddress, long retryInitialMs, long retryMaxMs, long onlineAuditMs, long pxebootMonitorMs,
        int pxebootMissThreshold, int pxebootLossThreshold, Path inventorySeed, long retryGiveUpMs) {

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
    }

    static AgentSettings from(AgentConfig c) {
        return new AgentSettings(FilePaths.absoluteFile("inventory.path", c.inventory_path()), c.simplex(),
                c.mgmt_address(), c.cluster_address(), c.pxeboot_address(), c.retry_initial_ms(), c.retry_max_ms(), c.online_audit_ms(),
                c.pxeboot_monitor_ms(), c.pxeboot_miss_threshold(), c.pxeboot_loss_threshold(),
                c.inventory_seed() == null || c.inventory_seed().isBlank() ? null
                        : FilePaths.absoluteFile("inventory.seed", c.inventory_seed()), c.retry_giveup_ms());
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

package io.mtce.agent;

import java.util.Map;

/**
 * Which controller's agent is active, and where the inventory is kept.
 *
 * @param controller       this controller's name ("" for a single controller)
 * @param active           whether this agent commands the hosts now
 * @param activeController the active controller's name as this agent last saw it ("" if none or alone)
 * @param inventory        where the inventory is kept: "file ..." or "etcd [endpoints] under prefix"
 * @param etcdEndpoints    per etcd endpoint, "healthy" or why not (empty for a file inventory)
 * @since 1.3
 */
public record ControllerStatus(String controller, boolean active, String activeController, String inventory,
        Map<String, String> etcdEndpoints) {

    public ControllerStatus {
        etcdEndpoints = Map.copyOf(etcdEndpoints);
    }
}

package io.mtce.protocol.internal;

import io.mtce.protocol.Network;
import java.util.Objects;

/** The agent's default command buf: {"address":"&lt;agent ip&gt;","interface":"&lt;network&gt;"}. */
final class CommandPayloadJson {

    private CommandPayloadJson() {
    }

    static String write(String agentAddress, Network network) {
        Objects.requireNonNull(agentAddress, "agentAddress");
        Objects.requireNonNull(network, "network");
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("address", agentAddress);
            g.writeStringField("interface", network.wireName());
            g.writeEndObject();
        });
    }
}

package io.mtce.protocol;

import java.util.Objects;

/**
 * The {@code pxebootInfo} the agent puts in a pxeboot mtcAlive request: the pxeboot addresses of the active
 * controller and of each controller unit. The C++ client sends its pxeboot mtcAlive only to the two unit addresses it
 * learned this way. An empty string is an unknown or unprovisioned controller.
 *
 * @param active      the active controller's pxeboot address (JSON key {@code controller})
 * @param controller0 controller-0's pxeboot address
 * @param controller1 controller-1's pxeboot address
 * @since 1.3
 */
public record PxebootInfo(String active, String controller0, String controller1) {

    public PxebootInfo {
        active = Objects.requireNonNullElse(active, "");
        controller0 = Objects.requireNonNullElse(controller0, "");
        controller1 = Objects.requireNonNullElse(controller1, "");
    }
}

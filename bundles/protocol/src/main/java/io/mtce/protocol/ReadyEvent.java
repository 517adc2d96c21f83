package io.mtce.protocol;

import java.util.List;
import java.util.Objects;

/**
 * A service's ready event ({@code mtce event msg  :} header, cmd {@link Command#EVENT_MONITOR_READY}). The mtcClient
 * sends one at start and every minute; the agent monitors a host's pxeboot network only once its client has listed
 * {@link #PXEBOOT_MTCALIVE} among its features.
 *
 * @param hostname                       the sending host
 * @param service                        {@link #MTC_CLIENT} for the mtcClient
 * @param activeControllerPxebootAddress the active controller's pxeboot address as the client knows it, or ""
 * @param features                       what the service offers; an empty list for a client that sent none
 * @since 1.3
 */
public record ReadyEvent(String hostname, String service, String activeControllerPxebootAddress,
        List<String> features) {

    /** The service name of the mtcClient. */
    public static final String MTC_CLIENT = "mtcClient";
    /** The feature of a client that sends mtcAlive on the pxeboot network. */
    public static final String PXEBOOT_MTCALIVE = "pxeboot_mtcAlive";

    public ReadyEvent {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(service, "service");
        activeControllerPxebootAddress = Objects.requireNonNullElse(activeControllerPxebootAddress, "");
        features = List.copyOf(Objects.requireNonNullElse(features, List.of()));
    }

    /** The ready event of an mtcClient that sends pxeboot mtcAlive. */
    public static ReadyEvent mtcClient(String hostname, String activeControllerPxebootAddress) {
        return new ReadyEvent(hostname, MTC_CLIENT, activeControllerPxebootAddress, List.of(PXEBOOT_MTCALIVE));
    }

    /** Whether this is an mtcClient that announced pxeboot mtcAlive. */
    public boolean offersPxebootMtcAlive() {
        return MTC_CLIENT.equals(service) && features.contains(PXEBOOT_MTCALIVE);
    }
}

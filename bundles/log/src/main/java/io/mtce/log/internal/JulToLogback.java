package io.mtce.log.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sends java.util.logging's records (SPI Fly logs through it) to SLF4J, so that they land in Logback's format and
 * files instead of on stderr in java.util.logging's own. Records logged before this component starts (SPI Fly's first
 * two) are printed by java.util.logging itself, in the same format (cnf/run.bnd sets it).
 */
@Component(immediate = true)
public final class JulToLogback {

    @Activate
    public JulToLogback() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    @Deactivate
    void deactivate() {
        SLF4JBridgeHandler.uninstall();
    }
}

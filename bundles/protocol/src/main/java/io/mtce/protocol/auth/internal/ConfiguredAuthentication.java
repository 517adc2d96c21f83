package io.mtce.protocol.auth.internal;

import io.mtce.protocol.auth.AuthMode;
import io.mtce.protocol.auth.AuthSettings;
import io.mtce.protocol.auth.DatagramAuthentication;
import io.mtce.protocol.auth.DatagramAuthenticator;
import io.mtce.protocol.auth.ReplayWindow;
import io.mtce.protocol.auth.Verdict;
import java.time.Clock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link DatagramAuthentication}, configured once under PID {@code io.mtce.auth} for both roles (without
 * a configuration, authentication is off). A changed configuration applies in place, so the roles keep running:
 * the other key's grace period starts then, and accepted datagrams stay remembered unless the replay window's
 * length changed. An invalid configuration fails activation, which keeps both roles away (they require this
 * service); an invalid change is refused with an error naming the key, and the settings in force stay.
 */
@Component(name = ConfiguredAuthentication.PID, service = DatagramAuthentication.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AuthConfig.class)
public final class ConfiguredAuthentication implements DatagramAuthentication {
    static final String PID = "io.mtce.auth";
    private static final Logger LOG = LoggerFactory.getLogger(PID);

    private final Clock clock;
    private final Logger log;
    private volatile DatagramAuthenticator current;
    /** The window the current authenticator remembers into, kept across changes; guarded by this. */
    private ReplayWindow replays;

    @Activate
    public ConfiguredAuthentication(AuthConfig config) {
        this(config, Clock.systemUTC(), LOG);
    }

    /** @throws IllegalArgumentException naming the key of the first invalid value */
    ConfiguredAuthentication(AuthConfig config, Clock clock, Logger log) {
        this.clock = clock;
        this.log = log;
        apply(settings(config));
    }

    @Modified
    void modified(AuthConfig config) {
        AuthSettings settings;
        try {
            settings = settings(config);
        } catch (IllegalArgumentException e) {
            log.error("{} configuration refused: {} ; still in force: {}", PID, e.getMessage(), describe());
            return;
        }
        apply(settings);
    }

    private synchronized void apply(AuthSettings settings) {
        if (replays == null || !replays.window().equals(settings.replayWindow())) {
            replays = new ReplayWindow(settings.replayWindow(), ReplayWindow.DEFAULT_CAPACITY);
        }
        current = settings.authenticator(clock, replays);
        log.info("{}: {}", PID, settings.describe());
    }

    private static AuthSettings settings(AuthConfig c) {
        return AuthSettings.parse(c.auth_mode(), c.auth_key(), c.auth_key_file(), c.auth_previous_key(),
                c.auth_previous_key_file(), c.auth_grace_seconds(), c.auth_replay_window_ms());
    }

    @Override
    public AuthMode mode() {
        return current.mode();
    }

    @Override
    public byte[] protect(byte[] datagram) {
        return current.protect(datagram);
    }

    @Override
    public Verdict check(byte[] bytes, int offset, int length) {
        return current.check(bytes, offset, length);
    }

    @Override
    public String describe() {
        return current.describe();
    }
}

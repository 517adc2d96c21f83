package io.mtce.web.internal;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators of a JAAS realm, e.g. Karaf's {@code karaf} realm ({@code etc/users.properties}). After a successful
 * login, the names of the subject's principals of class {@code rolePrincipalClass} are its roles: one of
 * {@code adminRoles} makes an admin, else one of {@code viewerRoles} a viewer, else the user may do nothing.
 */
final class JaasAuthenticator implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(JaasAuthenticator.class);
    private final String realm;
    private final String rolePrincipalClass;
    private final Set<String> adminRoles;
    private final Set<String> viewerRoles;
    private final Configuration configuration;

    /** @param configuration the JAAS configuration, or null for the JVM's (Karaf installs its realms there) */
    JaasAuthenticator(String realm, String rolePrincipalClass, Set<String> adminRoles, Set<String> viewerRoles,
            Configuration configuration) {
        this.realm = realm;
        this.rolePrincipalClass = rolePrincipalClass;
        this.adminRoles = Set.copyOf(adminRoles);
        this.viewerRoles = Set.copyOf(viewerRoles);
        this.configuration = configuration;
    }

    @Override
    public Optional<Identity> password(String user, String secret) {
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads the realm's login modules through the context class loader.
        thread.setContextClassLoader(JaasAuthenticator.class.getClassLoader());
        try {
            LoginContext login = new LoginContext(realm, subject, callbacks -> {
                for (var c : callbacks) {
                    if (c instanceof NameCallback n) {
                        n.setName(user);
                    } else if (c instanceof PasswordCallback p) {
                        p.setPassword(secret.toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(c);
                    }
                }
            }, configuration);
            login.login();
            Set<String> roles = subject.getPrincipals().stream()
                    .filter(p -> p.getClass().getName().equals(rolePrincipalClass))
                    .map(Principal::getName).collect(Collectors.toSet());
            login.logout();
            return Optional.of(new Identity(user, role(roles)));
        } catch (FailedLoginException | AccountException e) {
            return Optional.empty();
        } catch (LoginException | SecurityException e) {
            LOG.warn("JAAS realm '{}' could not log '{}' in: {}", realm, user, e.toString());
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private OperatorRole role(Set<String> roles) {
        if (roles.stream().anyMatch(adminRoles::contains)) {
            return OperatorRole.ADMIN;
        }
        return roles.stream().anyMatch(viewerRoles::contains) ? OperatorRole.VIEWER : OperatorRole.NONE;
    }

    @Override
    public Optional<Identity> bearer(String token) {
        return Optional.empty();
    }

    @Override
    public Optional<String> unavailable() {
        return Optional.empty();
    }
}

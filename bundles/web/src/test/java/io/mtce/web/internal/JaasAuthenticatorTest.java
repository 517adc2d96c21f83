package io.mtce.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.junit.jupiter.api.Test;

/**
 * The JAAS path through a real {@link javax.security.auth.login.LoginContext}, with a realm whose login module
 * works as Karaf's properties realm does: a user principal and one role principal per role.
 */
class JaasAuthenticatorTest {
    private static final Map<String, List<String>> USERS = Map.of("karaf/karaf", List.of("admin", "viewer", "ssh"),
            "guest/guest", List.of("viewer"), "nobody/nobody", List.of("ssh"));

    /** Karaf's RolePrincipal, as far as the authenticator can tell: a principal of a configured class. */
    public record TestRolePrincipal(String getName) implements Principal {
    }

    /** Karaf's UserPrincipal: never a role. */
    public record TestUserPrincipal(String getName) implements Principal {
    }

    /** Checks user/password against {@link #USERS}. */
    public static final class TestLoginModule implements LoginModule {
        private Subject subject;
        private CallbackHandler handler;
        private String user;
        private List<String> roles;

        @Override
        public void initialize(Subject s, CallbackHandler h, Map<String, ?> state, Map<String, ?> options) {
            subject = s;
            handler = h;
        }

        @Override
        public boolean login() throws LoginException {
            NameCallback name = new NameCallback("user");
            PasswordCallback password = new PasswordCallback("password", false);
            try {
                handler.handle(new Callback[] {name, password});
            } catch (Exception e) {
                throw new LoginException(e.toString());
            }
            user = name.getName();
            roles = USERS.get(user + "/" + new String(password.getPassword()));
            if (roles == null) {
                throw new FailedLoginException("wrong password for " + user);
            }
            return true;
        }

        @Override
        public boolean commit() {
            subject.getPrincipals().add(new TestUserPrincipal(user));
            roles.forEach(r -> subject.getPrincipals().add(new TestRolePrincipal(r)));
            return true;
        }

        @Override
        public boolean abort() {
            return true;
        }

        @Override
        public boolean logout() {
            subject.getPrincipals().clear();
            return true;
        }
    }

    private static final Configuration REALM = new Configuration() {
        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            return name.equals("karaf") ? new AppConfigurationEntry[] {new AppConfigurationEntry(
                    TestLoginModule.class.getName(), LoginModuleControlFlag.REQUIRED, Map.of())} : null;
        }
    };

    private final JaasAuthenticator jaas = new JaasAuthenticator("karaf", TestRolePrincipal.class.getName(),
            Set.of("admin"), Set.of("viewer"), REALM);

    @Test
    void karafRolesMapToAdminAndViewer() {
        assertEquals(Optional.of(new Identity("karaf", OperatorRole.ADMIN)), jaas.password("karaf", "karaf"));
        assertEquals(Optional.of(new Identity("guest", OperatorRole.VIEWER)), jaas.password("guest", "guest"));
        assertEquals(Optional.of(new Identity("nobody", OperatorRole.NONE)), jaas.password("nobody", "nobody"));
    }

    @Test
    void wrongPasswordOrUnknownRealmLogsNobodyIn() {
        assertTrue(jaas.password("karaf", "wrong").isEmpty());
        assertTrue(new JaasAuthenticator("no-such-realm", TestRolePrincipal.class.getName(), Set.of("admin"),
                Set.of("viewer"), REALM).password("karaf", "karaf").isEmpty());
        assertTrue(jaas.bearer("karaf").isEmpty(), "a realm has no bearer tokens");
        assertTrue(jaas.unavailable().isEmpty());
    }

    @Test
    void rolesAreConfigurable() {
        JaasAuthenticator ssh = new JaasAuthenticator("karaf", TestRolePrincipal.class.getName(), Set.of("ssh"),
                Set.of(), REALM);
        assertEquals(OperatorRole.ADMIN, ssh.password("nobody", "nobody").orElseThrow().role());
        assertEquals(OperatorRole.NONE, ssh.password("guest", "guest").orElseThrow().role());
    }
}

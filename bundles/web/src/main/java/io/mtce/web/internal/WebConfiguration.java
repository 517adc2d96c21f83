package io.mtce.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@code io.mtce.web}. The HTTP port and bind address are not here: they belong to the host's HTTP
 * server (Felix HTTP Jetty reads the framework properties {@code org.osgi.service.http.port} and
 * {@code org.apache.felix.http.host}; Karaf's pax-web its own PID {@code org.ops4j.pax.web}).
 */
@ObjectClassDefinition(id = WebConfiguration.PID, name = "mtce web",
        description = "REST API under /mtce/api and the status page at /mtce/")
@interface WebConfiguration {
    String PID = "io.mtce.web";

    @AttributeDefinition(name = "Page refresh (ms)", min = "200", max = "1000",
            description = "How often the status page polls /mtce/api/snapshot, in milliseconds (200 to 1000).")
    int refresh_millis() default 1000;

    @AttributeDefinition(name = "Largest request body (bytes)", min = "1024",
            description = "Request bodies longer than this are refused with 413.")
    int max_body_bytes() default 65536;

    @AttributeDefinition(name = "Whiteboard target", required = false,
            description = "LDAP filter on the HTTP runtime services (osgi.http.whiteboard.target) choosing the"
                    + " whiteboard to register on when the host has several; unset: every whiteboard of this"
                    + " bundle's servlet API (jakarta: Servlet Whiteboard 2.0, javax: HTTP Whiteboard 1.1).")
    String osgi_http_whiteboard_target();

    @AttributeDefinition(name = "Allowed Host names",
            description = "Comma-separated names the Host header may carry (DNS host names or IP literals, IPv6 in"
                    + " brackets); blank: localhost, 127.0.0.1, [::1] and the bind address org.apache.felix.http.host.")
    String allowed_hosts() default "";

    @AttributeDefinition(name = "Operators", options = {
        @org.osgi.service.metatype.annotations.Option(label = "users file", value = "file"),
        @org.osgi.service.metatype.annotations.Option(label = "JAAS realm", value = "jaas")},
            description = "Where operators and their roles come from: 'file' (users.file) or 'jaas' (jaas.realm).")
    String auth() default "file";

    @AttributeDefinition(name = "Users file",
            description = "Lines 'NAME ROLE SECRET' (role admin or viewer), mode 600; relative to the working"
                    + " directory (the container's home).")
    String users_file() default "etc/mtce-web-users";

    @AttributeDefinition(name = "Create the users file",
            description = "When the users file is missing, create it (mode 600) with user 'admin' and a random"
                    + " secret, and log where it is.")
    boolean users_file_create() default true;

    @AttributeDefinition(name = "JAAS realm", description = "The realm of auth=jaas, e.g. Karaf's 'karaf'.")
    String jaas_realm() default "karaf";

    @AttributeDefinition(name = "JAAS role principal class",
            description = "Class of the principals whose names are the user's roles.")
    String jaas_role_principal_class() default "org.apache.karaf.jaas.boot.principal.RolePrincipal";

    @AttributeDefinition(name = "Admin roles", description = "Comma-separated JAAS roles that may change hosts.")
    String admin_roles() default "admin";

    @AttributeDefinition(name = "Viewer roles", description = "Comma-separated JAAS roles that may read.")
    String viewer_roles() default "viewer";

    @AttributeDefinition(name = "Session idle timeout (minutes)", min = "1",
            description = "A page login ends after this long without a request.")
    int session_idle_minutes() default 30;
}

package io.mtce.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@code io.mtce.web}. The HTTP port and bind address are not here: they belong to Felix HTTP
 * Jetty, which reads the framework properties {@code org.osgi.service.http.port} and
 * {@code org.apache.felix.http.host}.
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
}

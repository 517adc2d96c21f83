package io.mtce.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;

import java.io.IOException;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Every test of {@link WebApiIT} on {@code io.mtce.web.javax}: the same API, page and login behind javax servlets,
 * served by Felix HTTP Jetty's javax HTTP Whiteboard 1.1 (the whiteboard flavour of Karaf 4.4's pax-web 8).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebJavaxIT extends WebApiIT {

    @Inject
    private BundleContext context;

    @Override
    @Configuration
    public Option[] config() throws IOException {
        return serverWith(WebJavaxIT.class, testJar("io.mtce.web.javax", "io.mtce.web.javax.ApiServlet"));
    }

    @Test
    public void theJavaxVariantServes() throws Exception {
        ServiceReference<?>[] api = context.getAllServiceReferences("javax.servlet.Servlet",
                "(osgi.http.whiteboard.servlet.name=mtce-api)");
        assertEquals(1, api == null ? 0 : api.length);
        assertEquals("io.mtce.web.javax", api[0].getBundle().getSymbolicName());
        assertNull("a jakarta servlet is registered too", context.getAllServiceReferences("jakarta.servlet.Servlet",
                "(osgi.http.whiteboard.servlet.name=mtce-*)"));
        for (Bundle b : context.getBundles()) {
            assertNotEquals("io.mtce.web", b.getSymbolicName());
        }
    }
}

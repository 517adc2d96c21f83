package io.mtce.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.mtce.protocol.Command;
import io.mtce.protocol.MessageCodec;
import io.mtce.protocol.MtcMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Every bundle resolves and starts, the protocol service is there and works inside the framework, and no component
 * provides a service under a bundle-private type. The roles at work: {@link RoleWiringIT}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContainerWiringIT {

    @Inject
    private BundleContext context;

    @Inject
    private MessageCodec codec;

    @Inject
    private ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        return MtceTestSupport.baseOptions(ContainerWiringIT.class);
    }

    @Test
    public void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        int projectBundles = 0;
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().startsWith("io.mtce.")) {
                projectBundles++;
            }
            boolean fragment = b.getHeaders().get("Fragment-Host") != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " state=" + b.getState());
            }
        }
        assertTrue("bundles not ACTIVE: " + notActive, notActive.isEmpty());
        assertTrue("expected the project bundles to be installed, found " + projectBundles, projectBundles >= 1);
    }

    @Test
    public void noProjectComponentFailed() {
        List<String> failed = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!d.bundle.symbolicName.startsWith("io.mtce.")) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    failed.add(d.name + ": " + c.failure);
                }
            }
        }
        assertTrue("components failed to activate: " + failed, failed.isEmpty());
    }

    /** Gogo commands are exempt: the shell finds them by their osgi.command properties, whatever their type. */
    @Test
    public void noServiceIsDeclaredUnderABundlePrivateType() {
        List<String> hidden = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!d.bundle.symbolicName.startsWith("io.mtce.") || d.properties.containsKey("osgi.command.scope")) {
                continue;
            }
            Set<String> shared = MtceTestSupport.sharedPackages(context.getBundle(d.bundle.id));
            for (String type : d.serviceInterfaces) {
                if (!shared.contains(type.substring(0, type.lastIndexOf('.')))) {
                    hidden.add(d.name + " provides " + type);
                }
            }
        }
        assertTrue("services declared under a type no other bundle can see: " + hidden, hidden.isEmpty());
    }

    @Test
    public void protocolServiceEncodesAndDecodes() throws Exception {
        assertNotNull(codec);
        MtcMessage locked = MtcMessage.command(Command.LOCKED, "aa:bb:cc:dd:ee:ff", new int[] {1}, "{}");
        byte[] wire = codec.encode(locked);
        assertEquals(100 + 2 + 1, wire.length);
        MtcMessage back = codec.decode(wire, 0, wire.length);
        assertEquals(locked, back);
        assertFalse(codec.getClass().getName().startsWith("io.mtce.protocol.MessageCodec"));
    }
}

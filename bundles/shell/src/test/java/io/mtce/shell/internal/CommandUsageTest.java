package io.mtce.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.Test;

class CommandUsageTest {

    @Test
    void lockUsageNamesTheHostArgumentAndTheHelpOption() {
        String text = CommandUsage.of(MtceCommands.class, "mtce", "lock");
        String[] lines = text.split("\n");
        assertTrue(lines[0].startsWith("lock a host"), text);
        assertEquals("usage: mtce:lock [-h] NAME", lines[1]);
        assertTrue(lines[2].strip().startsWith("-h, --help"), text);
        assertTrue(lines[3].strip().matches("NAME +the host's name"), text);
    }

    @Test
    void addUsageListsEveryPositionalArgument() {
        String usage = CommandUsage.of(MtceCommands.class, "mtce", "add").split("\n")[1];
        assertEquals("usage: mtce:add [-h] NAME MGMT-MAC PERSONALITY MGMT-IP [CLUSTER-IP|-] [PXEBOOT-IP|-]", usage);
    }

    /** Karaf's help lists a function's description from the method's @Descriptor; none may be missing. */
    @Test
    void everyCommandAndParameterCarriesADescriptor() {
        Method[] commands = Stream.of(MtceCommands.class, HealthCommand.class, ControllerCommands.class)
                .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
                .filter(m -> Modifier.isPublic(m.getModifiers())).toArray(Method[]::new);
        assertFalse(commands.length == 0);
        for (Method m : commands) {
            assertTrue(m.isAnnotationPresent(Descriptor.class), m.getName());
            for (java.lang.reflect.Parameter p : m.getParameters()) {
                assertTrue(p.getType() == CommandSession.class || p.isAnnotationPresent(Descriptor.class),
                        m.getName() + " " + p);
            }
        }
    }
}

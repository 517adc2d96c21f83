package io.mtce.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.mtce.agent.HostSpec;
import io.mtce.agent.MaintenanceAgent;
import io.mtce.alarm.Alarm;
import io.mtce.alarm.AlarmKey;
import io.mtce.protocol.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Alarms end to end in the framework: the agent raises 200.001 for a new (locked) host through both configured
 * sinks, the default one (log and file) and the command sink running a fake fmClientCli (a script that records its
 * arguments and keeps the alarms it was given); the agent component restarts, asks both again and raises nothing a
 * second time; the unlock clears the alarm in both.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AlarmSinkIT {
    private static final long WAIT_MS = 20_000;
    private static final AlarmKey LOCKED = AlarmKey.ofHost("200.001", "worker-1");

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return MtceTestSupport.baseOptions(AlarmSinkIT.class);
    }

    @Test
    public void lockAlarmReachesBothSinksSurvivesAnAgentRestartAndClearsOnUnlock() throws Exception {
        Path dir = MtceTestSupport.workDir(AlarmSinkIT.class);
        Path calls = dir.resolve("calls");
        Path fm = fakeFmClient(dir, calls);
        Path state = dir.resolve("alarms.fm");
        ServiceTracker<MaintenanceAgent, MaintenanceAgent> agents = new ServiceTracker<>(context,
                MaintenanceAgent.class, null);
        agents.open();
        try {
            configure("io.mtce.alarm.local", props("state.path", state.toString()));
            configure("io.mtce.alarm.command", props("command", new String[] {fm.toString()}, "timeout.ms", "5000",
                    "retry.initial.ms", "100"));
            org.osgi.service.cm.Configuration agentConfig = configure("io.mtce.agent",
                    props("inventory.path", dir.resolve("inventory.json").toString(), "mgmt.address", "127.0.0.1"));
            MaintenanceAgent agent = agents.waitForService(WAIT_MS);
            assertNotNull("the agent role is active", agent);
            // Both sinks were asked for their alarms of both ids before the agent sends them anything.
            assertTrue("queried at start", MtceTestSupport.await(() -> count(calls, "-A") >= 2, WAIT_MS));

            agent.addHost(new HostSpec("worker-1", "02:00:00:00:00:21", "worker",
                    Map.of(Network.MANAGEMENT, "127.0.0.1")));
            assertTrue("fmClientCli -c for 200.001", MtceTestSupport.await(() -> count(calls, "-c") == 1, WAIT_MS));
            String raise = lines(calls).stream().filter(l -> l.startsWith("-c")).findFirst().orElseThrow();
            assertTrue(raise, raise.contains("###200.001###set###system.host###host=worker-1### ###warning###"
                    + "worker-1 was administratively locked to take it out-of-service.###operational-violation###"
                    + "out-of-service###"));
            assertTrue("kept by the default sink", MtceTestSupport.await(() -> lines(state).stream()
                    .anyMatch(l -> l.contains("###200.001###set###system.host###host=worker-1###")), WAIT_MS));

            // The agent component restarts (a configuration change): it asks the sinks again, and raises nothing.
            long before = serviceId(agents);
            Dictionary<String, Object> changed = agentConfig.getProperties();
            changed.put("online.audit.ms", "6000");
            agentConfig.update(changed);
            assertTrue("the agent restarted", MtceTestSupport.await(
                    () -> agents.getServiceReference() != null && serviceId(agents) != before, WAIT_MS));
            MaintenanceAgent restarted = agents.waitForService(WAIT_MS);
            assertTrue("queried again", MtceTestSupport.await(() -> count(calls, "done") >= 4, WAIT_MS));
            assertEquals(List.of(LOCKED), restarted.alarms().stream().map(Alarm::key).toList());
            assertFalse("no second raise after the restart", MtceTestSupport.await(() -> count(calls, "-c") > 1,
                    1000));

            restarted.unlock("worker-1");
            assertTrue("fmClientCli -d for 200.001", MtceTestSupport.await(() -> count(calls, "-d") == 1, WAIT_MS));
            assertEquals("-d\t###200.001###host=worker-1###", lines(calls).stream().filter(l -> l.startsWith("-d"))
                    .findFirst().orElseThrow());
            assertEquals("raised once across the restart: " + lines(calls), 1, count(calls, "-c"));
            assertTrue("cleared in the fake fault manager (it records a call before acting on it)",
                    MtceTestSupport.await(() -> lines(dir.resolve("held")).isEmpty(), WAIT_MS));
            assertTrue("cleared in the default sink's file", MtceTestSupport.await(() -> lines(state).isEmpty(),
                    WAIT_MS));
            assertEquals(List.of(), restarted.alarms());
        } finally {
            agents.close();
            for (String pid : List.of("io.mtce.agent", "io.mtce.alarm.command", "io.mtce.alarm.local")) {
                configAdmin.getConfiguration(pid, "?").delete();
            }
        }
    }

    /**
     * A fault manager in a shell script: records each call (its arguments joined by tabs), keeps the alarms raised
     * with -c and not cleared with -d in a file, and lists them for -A as fmClientCli does.
     */
    private static Path fakeFmClient(Path dir, Path calls) throws IOException {
        Path script = dir.resolve("fmClientCli");
        Path held = dir.resolve("held");
        Files.writeString(script, String.join("\n",
                "#!/bin/bash",
                "held='" + held + "'; touch \"$held\"",
                "line=''; sep=''; for a in \"$@\"; do line+=\"$sep$a\"; sep=$'\\t'; done",
                "echo \"$line\" >> '" + calls + "'",
                "case \"$1\" in",
                "  -c) echo \"$2\" >> \"$held\"; echo Ok ;;",
                "  -d) f=\"${2#\\#\\#\\#}\"; id=\"${f%%\\#\\#\\#*}\"; r=\"${f#*\\#\\#\\#}\"; inst=\"${r%%\\#\\#\\#*}\"",
                "      grep -vF \"###$id###set###system.host###$inst###\" \"$held\" > \"$held.new\"",
                "      mv \"$held.new\" \"$held\"",
                "      echo Ok ;;",
                "  -A) if grep -qF \"###$2###set###\" \"$held\"; then echo Ok; grep -F \"###$2###set###\" \"$held\";",
                "      else echo FM_ERR_ENTITY_NOT_FOUND; fi; echo \"done\t$1\" >> '" + calls + "'",
                "      grep -qF \"###$2###set###\" \"$held\" || exit 255 ;;",
                "esac",
                ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long count(Path calls, String option) {
        return lines(calls).stream().filter(l -> l.startsWith(option + "\t")).count();
    }

    private static long serviceId(ServiceTracker<?, ?> tracker) {
        return (Long) tracker.getServiceReference().getProperty(Constants.SERVICE_ID);
    }

    private org.osgi.service.cm.Configuration configure(String pid, Dictionary<String, Object> props)
            throws IOException {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(pid, "?");
        c.update(props);
        return c;
    }

    private static Dictionary<String, Object> props(Object... keyValues) {
        Dictionary<String, Object> props = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return props;
    }
}

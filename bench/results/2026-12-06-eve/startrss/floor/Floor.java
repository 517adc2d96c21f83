import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.*;
import org.osgi.framework.*;
import org.osgi.framework.launch.*;

/** Floor: Felix with the given bundles (installed once, cache kept), started in order; prints CPU and wall at ready. */
public class Floor {
    public static void main(String[] args) throws Exception {
        long t0 = Long.parseLong(System.getProperty("t0", "0"));
        Map<String, String> cfg = new HashMap<>();
        cfg.put(Constants.FRAMEWORK_STORAGE, System.getProperty("storage", "fcache"));
        cfg.put(Constants.FRAMEWORK_STORAGE_CLEAN, "none");
        cfg.put("felix.fileinstall.dir", "etc");
        cfg.put("gosh.args", "--nointeractive");
        cfg.put("org.osgi.framework.startlevel.beginning", System.getProperty("org.osgi.framework.startlevel.beginning", "1"));
        Framework fw = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(cfg);
        fw.start();
        BundleContext ctx = fw.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (String a : args) {
            String loc = new File(a).toURI().toString();
            Bundle b = ctx.getBundle(loc);
            if (b == null) b = ctx.installBundle(loc);
            bundles.add(b);
        }
        for (Bundle b : bundles) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) b.start();
        }
        long wall = System.currentTimeMillis() - t0;
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
        System.out.println("READY wall_ms=" + wall + " cpu_ms=" + cpu + " bundles=" + bundles.size());
        if (Boolean.getBoolean("wait")) Thread.sleep(Long.getLong("waitms", 3000));
        fw.stop();
        fw.waitForStop(5000);
    }
}

package io.mtce.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * What every in-container test shares: the bundles the build copied to {@code target/bundles} (logging at start
 * level 1, so SLF4J binds its provider before any component logs), JUnit, and a fresh working directory.
 */
public final class MtceTestSupport {
    /** Bundles that must start before anything logs. */
    private static final Set<String> LOGGING = Set.of("org.apache.aries.spifly.dynamic.bundle.jar", "asm.jar",
            "asm-commons.jar", "asm-tree.jar", "asm-analysis.jar", "asm-util.jar", "slf4j-api.jar",
            "slf4j-simple.jar");

    private MtceTestSupport() {
    }

    /** The built bundle jars, by file name (version stripped), e.g. {@code io.mtce.protocol.jar}. */
    public static Path bundlesDir() {
        return Paths.get(requiredProperty("mtce.bundles.dir"));
    }

    public static Path bundleJar(String fileName) {
        Path jar = bundlesDir().resolve(fileName);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("bundle " + jar + " was not built; run the build through Maven");
        }
        return jar;
    }

    /** A fresh directory for one test class's framework and files. */
    public static Path workDir(Class<?> testClass) {
        Path dir = Paths.get(requiredProperty("mtce.itest.work"), testClass.getSimpleName(),
                UUID.randomUUID().toString());
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir, e);
        }
    }

    /** Every bundle in target/bundles except {@code excluded} (file names), plus JUnit. */
    public static Option[] baseOptions(Class<?> testClass, String... excluded) {
        Set<String> skip = Set.copyOf(Arrays.asList(excluded));
        List<Option> options = new ArrayList<>();
        options.add(workingDirectory(workDir(testClass).toString()));
        options.add(cleanCaches(true));
        options.add(frameworkStartLevel(10));
        options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("info"));
        options.add(systemProperty("org.slf4j.simpleLogger.showDateTime").value("true"));
        options.add(junitBundles());
        try (Stream<Path> jars = Files.list(bundlesDir())) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList())) {
                String name = jar.getFileName().toString();
                if (skip.contains(name)) {
                    continue;
                }
                options.add(bundle(jar.toUri().toString()).startLevel(LOGGING.contains(name) ? 1 : 2).start());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + bundlesDir(), e);
        }
        return options.toArray(new Option[0]);
    }

    /** Polls {@code condition} until it holds or {@code timeoutMillis} pass; returns whether it held. */
    public static boolean await(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    /** The packages {@code bundle} exports or imports: the ones other bundles can see too. */
    public static Set<String> sharedPackages(Bundle bundle) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        Set<String> out = new HashSet<>();
        for (BundleCapability c : wiring.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            out.add((String) c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
        }
        for (BundleWire w : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            out.add((String) w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
        }
        return out;
    }

    static String requiredProperty(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + key + " is not set; run the tests through Maven"
                    + " (failsafe sets it)");
        }
        return value;
    }

    static File file(String path) {
        return new File(path);
    }
}

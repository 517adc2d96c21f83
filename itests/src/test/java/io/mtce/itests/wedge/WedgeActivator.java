package io.mtce.itests.wedge;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * A bundle that wedges the agent's event loop, as a task that never returns would: started, it hands the loop a task
 * that waits until the bundle stops. Packed and hot-deployed by {@code RuntimeNotifyIT}.
 */
public final class WedgeActivator implements BundleActivator {
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void start(BundleContext context) throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences(Executor.class.getName(), "(mtce.loop=agent)");
        if (refs == null) {
            throw new IllegalStateException("no agent event loop (mtce.loop=agent) to wedge");
        }
        Executor loop = (Executor) context.getService(refs[0]);
        loop.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void stop(BundleContext context) {
        release.countDown();
    }
}

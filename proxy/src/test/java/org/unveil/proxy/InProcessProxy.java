package org.unveil.proxy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.unveil.proxy.http.HttpRules;
import org.unveil.proxy.sys.Endpoint;

/** A proxy on loopback in this JVM, forwarding to a fixed upstream; its log lines are kept for the test. */
final class InProcessProxy implements AutoCloseable {
    final List<String> log = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stop;
    private volatile Throwable failure;

    InProcessProxy(int listenPort, int upstreamPort, Mode mode, HttpRules rules, Path state) throws InterruptedException {
        ProxyConfig config = new ProxyConfig(Endpoint.parse("127.0.0.1:" + listenPort), false,
                Endpoint.parse("127.0.0.1:" + upstreamPort), mode, rules, state, 16, 256 * 1024);
        CountDownLatch ready = new CountDownLatch(1);
        thread = Thread.ofPlatform().name("proxy").start(() -> {
            try {
                Proxy.runActive(config, null, log::add, ready::countDown, () -> stop);
            } catch (Throwable t) {
                failure = t;
                ready.countDown();
            }
        });
        if (!ready.await(10, TimeUnit.SECONDS) || failure != null) {
            throw new IllegalStateException("proxy did not start", failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(5000);
    }
}

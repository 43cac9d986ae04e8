package org.unveil.proxy;

import java.lang.foreign.Arena;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.unveil.proxy.sys.Libc;

/**
 * A thread inside a network namespace (setns applies to the calling thread only): sockets opened by tasks run
 * here belong to that namespace, and keep to it whichever thread uses them afterwards.
 */
final class Netns implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));

    Netns(String name) throws Exception {
        thread.submit(() -> {
            try (Arena arena = Arena.ofConfined()) {
                int fd = Libc.open(arena.allocateFrom("/run/netns/" + name), Libc.O_RDONLY);
                if (fd < 0 || Libc.setns(fd, Libc.CLONE_NEWNET) != 0) {
                    throw new IllegalStateException("cannot enter namespace " + name + ": " + Libc.describe(Libc.errno()));
                }
                Libc.close(fd);
            }
            return null;
        }).get();
    }

    <T> T call(Callable<T> task) throws Exception {
        return thread.submit(task).get();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

package org.unveil.proxy;

import java.nio.file.Path;
import org.unveil.proxy.http.HttpRules;
import org.unveil.proxy.sys.Endpoint;

/**
 * A proxy in a process of its own, for tests that kill it: {@code active|standby LISTEN UPSTREAM|- STATE SOCKET
 * transparent|plain}, or {@code node-active LISTEN UPSTREAM|- STATE BACKUP transparent|plain} and
 * {@code node-backup LISTEN UPSTREAM|- STATE LINK transparent|plain COPIES-IFACE|- TAKEOVER-COMMAND}. Prints "ready" on stdout once it listens; log lines go to stderr.
 */
public final class ProxyProcess {
    private ProxyProcess() {
    }

    public static void main(String[] args) throws Exception {
        ProxyConfig config = new ProxyConfig(Endpoint.parse(args[1]), args[5].equals("transparent"),
                args[2].equals("-") ? null : Endpoint.parse(args[2]), Mode.TCP, HttpRules.permissive(),
                Path.of(args[3]), 64, 256 * 1024);
        Runnable ready = () -> {
            System.out.println("ready");
            System.out.flush();
        };
        if (args[0].equals("node-active")) {
            Proxy.runActive(config, null, Endpoint.parse(args[4]), line -> System.err.println("active: " + line), ready,
                    () -> false);
            return;
        }
        if (args[0].equals("node-backup")) {
            Proxy.runBackup(config, Endpoint.parse(args[4]), args[6].equals("-") ? null : args[6], args[7],
                    line -> System.err.println("backup: " + line), ready, () -> false);
            return;
        }
        if (args[0].equals("active")) {
            Proxy.runActive(config, args[4].equals("-") ? null : Path.of(args[4]), line -> System.err.println("active: " + line), ready, () -> false);
        } else {
            Proxy.runStandby(config, Path.of(args[4]), line -> System.err.println("standby: " + line), ready,
                    () -> false);
        }
    }
}

package org.unveil.proxy;

import java.nio.file.Path;
import org.unveil.proxy.http.HttpRules;
import org.unveil.proxy.sys.Endpoint;

/**
 * A proxy in a process of its own, for tests that kill it: {@code active|standby LISTEN UPSTREAM|- STATE SOCKET
 * transparent|plain [NEXT-STANDBY-SOCKET]} ({@code -Dunveil.test.http=true}: in HTTP mode with {@link #HTTP_RULES}), or {@code node-active LISTEN UPSTREAM|- STATE BACKUP transparent|plain} and
 * {@code node-backup LISTEN UPSTREAM|- STATE LINK transparent|plain COPIES-IFACE|- TAKEOVER-COMMAND [NEXT-BACKUP]}. Prints "ready" on stdout once it listens; log lines go to stderr.
 */
public final class ProxyProcess {
    /** The rules of an HTTP-mode proxy ({@code -Dunveil.test.http=true}): DELETE refused, X-Secret stripped. */
    static final HttpRules HTTP_RULES = new HttpRules(java.util.Set.of("DELETE"), java.util.List.of("/admin"),
            java.util.Set.of("X-Secret"), 403, java.time.Duration.ofSeconds(10));

    private ProxyProcess() {
    }

    public static void main(String[] args) throws Exception {
        boolean http = Boolean.getBoolean("unveil.test.http");
        ProxyConfig config = new ProxyConfig(Endpoint.parse(args[1]), args[5].equals("transparent"),
                args[2].equals("-") ? null : Endpoint.parse(args[2]), http ? Mode.HTTP : Mode.TCP,
                http ? HTTP_RULES : HttpRules.permissive(), Path.of(args[3]), 64, 256 * 1024);
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
                    args.length > 8 ? Endpoint.parse(args[8]) : null, line -> System.err.println("backup: " + line),
                    ready, () -> false);
            return;
        }
        if (args[0].equals("active")) {
            Proxy.runActive(config, args[4].equals("-") ? null : Path.of(args[4]), line -> System.err.println("active: " + line), ready, () -> false);
        } else {
            Path next = args.length > 6 ? Path.of(args[6]) : null;
            Proxy.runStandby(config, Path.of(args[4]), next, line -> System.err.println("standby: " + line), ready,
                    () -> false);
        }
    }
}

package org.unveil.proxy;

import java.nio.file.Path;
import java.util.Objects;
import org.unveil.proxy.http.HttpRules;
import org.unveil.proxy.sys.Endpoint;

/**
 * How a proxy runs: where it listens (with IP_TRANSPARENT for TPROXY when {@code transparent}), where it
 * connects ({@code upstream}, or each connection's original destination when null), what it understands, its
 * state file and its bounds (connections, and ring bytes per direction of each).
 */
public record ProxyConfig(Endpoint listen, boolean transparent, Endpoint upstream, Mode mode, HttpRules rules,
        Path stateFile, int maxConnections, long ringBytes) {
    public ProxyConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(stateFile, "stateFile");
        if (maxConnections < 1 || maxConnections > 65536) {
            throw new IllegalArgumentException("--max-connections " + maxConnections + " is not between 1 and 65536");
        }
        if (ringBytes < 4096 || ringBytes > (64L << 20)) {
            throw new IllegalArgumentException("--buffer " + ringBytes + " is not between 4 KiB and 64 MiB");
        }
    }
}

package org.unveil.balance.schedulers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.unveil.balance.Scheduler;
import org.unveil.glob.GlobConfig;
import org.unveil.balance.glob.GlobExtScheduler;
import org.unveil.balance.glob.GlobScheduler;

/** The schedulers the simulator knows, by command-line name. */
public final class Schedulers {
    /** The one registry; insertion order is the order {@link #names} lists them in. */
    private static final Map<String, Supplier<Scheduler>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put("srr", SimpleRoundRobin::new);
        REGISTRY.put("balance", BalanceHash::new);
        REGISTRY.put("lc", LeastConnections::new);
        REGISTRY.put("glob", GlobScheduler::new);
        REGISTRY.put("glob-ext", GlobExtScheduler::new);
        REGISTRY.put("clusterip", ClusterIpHash::new);
        REGISTRY.put("ipvs-sh", IpvsSourceHash::new);
        REGISTRY.put("maglev", Maglev::new);
        REGISTRY.put("rendezvous", Rendezvous::new);
        REGISTRY.put("ring", RingHash::new);
        REGISTRY.put("p2c", PowerOfTwoChoices::new);
        REGISTRY.put("bounded", BoundedLoadConsistentHash::new);
    }

    private Schedulers() {
    }

    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** A fresh scheduler called {@code name}, GLOB with the given settings instead of the thesis's. */
    public static Scheduler create(String name, GlobConfig glob) {
        return name.equals("glob") ? new GlobScheduler(glob) : create(name);
    }

    /** A fresh scheduler called {@code name}; throws IllegalArgumentException listing the known names. */
    public static Scheduler create(String name) {
        Supplier<Scheduler> factory = REGISTRY.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown scheduler '" + name + "'; known: "
                    + String.join(", ", REGISTRY.keySet()));
        }
        return factory.get();
    }
}

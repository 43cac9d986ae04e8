package org.unveil.hosts.link;

/**
 * What the linkers found among one address's flows, gathered in one run: every edge in the order the linkers gave
 * them (the clustering sums a pair's evidence in that order), the clock edges first (they make the clock lines),
 * each flow's first IPID as its chain reads it, and the address's global counter where its data show one.
 */
public final class AddressLinks {
    private EdgeList edges = new EdgeList();
    private int clockEdges;
    private int[] ipidFirstValues;
    private GlobalCounter global;

    AddressLinks() {
    }

    void add(EdgeList found) {
        if (edges.isEmpty()) {
            edges = found; // the first linker's list, taken rather than copied: its edges are most of them
        } else {
            edges.addAll(found);
        }
    }

    /** The clock linker's edges: it runs first, so they begin {@link #edges}. */
    void clock(EdgeList found) {
        if (!edges.isEmpty()) {
            throw new IllegalStateException("the clock linker runs first");
        }
        clockEdges = found.size();
        add(found);
    }

    void ipid(CounterLinkers.IpidChains chains) {
        ipidFirstValues = chains.firstValues();
        global = chains.global();
        add(chains.edges());
    }

    public EdgeList edges() {
        return edges;
    }

    /** How many of {@link #edges}, from the first, are clock edges. */
    public int clockEdges() {
        return clockEdges;
    }

    /** Each flow's first IPID read in the byte order of the chain it lies on. */
    public int[] ipidFirstValues() {
        return ipidFirstValues;
    }

    /** The address's global IPID counter, or null where its data show none. */
    public GlobalCounter global() {
        return global;
    }
}

package org.unveil.hosts.link;

/**
 * What the linkers found among one address's flows, gathered in one run: every edge in the order the linkers gave
 * them (the clustering sums a pair's evidence in that order), the clock edges apart (they make the clock lines),
 * each flow's first IPID as its chain reads it, and the address's global counter where its data show one.
 */
public final class AddressLinks {
    private final EdgeList edges = new EdgeList();
    private EdgeList clockEdges = new EdgeList();
    private int[] ipidFirstValues;
    private GlobalCounter global;

    AddressLinks() {
    }

    void add(EdgeList found) {
        edges.addAll(found);
    }

    void clock(EdgeList found) {
        clockEdges = found;
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

    public EdgeList clockEdges() {
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

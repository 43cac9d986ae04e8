package org.unveil.balance.glob;

import org.unveil.glob.Rule;
import org.unveil.glob.RuleView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The cluster's rule set, the "GLOB model" of §12.2, as glob-ext keeps it: rules (the engine's {@link Rule})
 * only ever come from halving (§12.3.1), so they are the leaves of a binary split tree, which also gives an
 * allocation-free lookup of at most 32 comparisons. Rules are born in the table's own count (their
 * {@link Rule#BY_BIRTH} order), which breaks ties between equal loads.
 */
final class RuleTable {

    /**
     * The split tree in parallel arrays, node 0 the root: a leaf holds a rule, an inner node the split that
     * replaced it. Arrays rather than linked nodes keep the per-packet walk within a few cache lines.
     */
    private Rule[] leafRule = new Rule[64];
    private boolean[] splitsExternal = new boolean[64];
    private int[] middle = new int[64];
    private int[] low = new int[64];
    private int[] high = new int[64];
    private int[] parent = new int[64];
    private int treeSize;
    /** First slots of leaf pairs freed by merges (§12.5.3), reused by later splits so the tree stays bounded. */
    private final java.util.ArrayDeque<Integer> freePairs = new java.util.ArrayDeque<>();

    /** The leaves, in order of birth (appending keeps it). */
    private final List<Rule> rules = new ArrayList<>();
    private long births = 1;

    /** §12.3: the initial state is a single rule allowing any port pair, owned by {@code owner}. */
    RuleTable(int owner) {
        Rule all = Rule.root(owner);
        parent[addLeaf(all)] = -1;
        rules.add(all);
    }

    /** Two fresh leaf slots, the second right after the first. */
    private int addPair(Rule lowRule, Rule highRule) {
        if (!freePairs.isEmpty()) {
            int slot = freePairs.pop();
            leafRule[slot] = lowRule;
            leafRule[slot + 1] = highRule;
            return slot;
        }
        int slot = addLeaf(lowRule);
        addLeaf(highRule);
        return slot;
    }

    private int addLeaf(Rule rule) {
        if (treeSize == leafRule.length) {
            int n = treeSize * 2;
            leafRule = java.util.Arrays.copyOf(leafRule, n);
            splitsExternal = java.util.Arrays.copyOf(splitsExternal, n);
            middle = java.util.Arrays.copyOf(middle, n);
            low = java.util.Arrays.copyOf(low, n);
            high = java.util.Arrays.copyOf(high, n);
            parent = java.util.Arrays.copyOf(parent, n);
        }
        leafRule[treeSize] = rule;
        return treeSize++;
    }

    /** The unique rule containing the port pair. */
    Rule lookup(int internalPort, int externalPort) {
        int node = 0;
        while (leafRule[node] == null) {
            int port = splitsExternal[node] ? externalPort : internalPort;
            node = port < middle[node] ? low[node] : high[node];
        }
        return leafRule[node];
    }

    /** Replaces {@code rule} by its two halves along the external or the internal port, and returns them. */
    Rule[] split(Rule rule, boolean external) {
        int leaf = leafOf(rule);
        Rule[] halves = rule.halves(external, 0, births, births + 1);
        births += 2;
        splitsExternal[leaf] = external;
        middle[leaf] = splitsExternal[leaf] ? rule.external().middle() : rule.internal().middle();
        int lowLeaf = addPair(halves[0], halves[1]);
        low[leaf] = lowLeaf;
        high[leaf] = lowLeaf + 1;
        parent[lowLeaf] = leaf;
        parent[lowLeaf + 1] = leaf;
        leafRule[leaf] = null;
        rules.remove(rule);
        rules.add(halves[0]);
        rules.add(halves[1]);
        return halves;
    }

    /**
     * §12.5.3: the rule {@code rule} was split from, when its sibling is a leaf too (else null): the pair
     * that would merge back into it.
     */
    Rule sibling(Rule rule) {
        int leaf = leafOf(rule);
        int up = parent[leaf];
        if (up < 0) {
            return null;
        }
        int other = low[up] == leaf ? high[up] : low[up];
        return leafRule[other];
    }

    /** §12.5.3: replaces {@code rule} and its sibling leaf by the rule they were split from, and returns it. */
    Rule merge(Rule rule) {
        int leaf = leafOf(rule);
        int up = parent[leaf];
        Rule lowRule = leafRule[low[up]];
        Rule highRule = leafRule[high[up]];
        if (lowRule == null || highRule == null) {
            throw new IllegalArgumentException("rule " + rule.id() + " has no sibling leaf to merge with");
        }
        Rule whole = Rule.merged(lowRule, highRule, 0, births++);
        freePairs.push(low[up]);
        leafRule[low[up]] = null;
        leafRule[high[up]] = null;
        leafRule[up] = whole;
        rules.remove(lowRule);
        rules.remove(highRule);
        rules.add(whole);
        return whole;
    }

    /** Whether {@code rule} is one of the table's rules (not merged away). */
    boolean holds(Rule rule) {
        return lookup(rule.internal().lo(), rule.external().lo()) == rule;
    }

    private int leafOf(Rule rule) {
        int node = 0;
        while (leafRule[node] == null) {
            int port = splitsExternal[node] ? rule.external().lo() : rule.internal().lo();
            node = port < middle[node] ? low[node] : high[node];
        }
        if (leafRule[node] != rule) {
            throw new IllegalArgumentException("rule " + rule.id() + " is not in the table");
        }
        return node;
    }

    /** §12.3 step 1(b) for every rule at once: all nodes query their counters at the same poll instant. */
    void endPoll(double historyFactor) {
        rules.forEach(rule -> rule.endPoll(historyFactor));
    }

    List<Rule> rules() {
        return rules;
    }

    List<Rule> rulesOf(int node) {
        return rulesOf(node, rule -> true);
    }

    /** The node's rules that pass {@code filter}, in id order (a plain loop: this runs every poll). */
    List<Rule> rulesOf(int node, java.util.function.Predicate<Rule> filter) {
        List<Rule> mine = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule.primary() == node && filter.test(rule)) {
                mine.add(rule);
            }
        }
        return mine;
    }

    private static final Comparator<Rule> HEAVIEST_FIRST =
            Comparator.comparingDouble(Rule::load).reversed().thenComparing(Rule.BY_BIRTH);

    /** The first rule in heaviest-first order that passes {@code filter}, or null: one pass, no sorting. */
    Rule heaviestOf(int node, java.util.function.Predicate<Rule> filter) {
        Rule best = null;
        for (Rule rule : rules) {
            if (rule.primary() == node && filter.test(rule) && (best == null || HEAVIEST_FIRST.compare(rule, best) < 0)) {
                best = rule;
            }
        }
        return best;
    }

    /** Every node sees every packet (§12.1), so the total load is the sum over all rules. */
    double totalLoad() {
        double load = 0;
        for (Rule rule : rules) {
            load += rule.load();
        }
        return load;
    }

    List<RuleView> views() {
        return rules.stream().map(Rule::view).toList();
    }
}

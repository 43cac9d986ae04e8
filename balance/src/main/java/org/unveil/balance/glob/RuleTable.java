package org.unveil.balance.glob;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The cluster's rule set, the "GLOB model" of §12.2: rules only ever come from halving (§12.3.1), so they are
 * the leaves of a binary split tree, which also gives an allocation-free lookup of at most 32 comparisons.
 */
final class RuleTable {

    /** A tree node: a leaf holds a rule; an inner node holds the split that replaced it. */
    private static final class Node {
        Rule rule;
        boolean splitsExternal;
        int middle;
        Node low;
        Node high;

        Node(Rule rule) {
            this.rule = rule;
        }
    }

    private final Node root;
    /** The leaves, ordered by id (ids grow, so appending keeps the order). */
    private final List<Rule> rules = new ArrayList<>();
    private int nextId = 1;

    /** §12.3: the initial state is a single rule allowing any port pair, owned by {@code owner}. */
    RuleTable(int owner) {
        Rule all = new Rule(nextId++, PortRange.ALL, PortRange.ALL, owner);
        root = new Node(all);
        rules.add(all);
    }

    /** The unique rule containing the port pair. */
    Rule lookup(int internalPort, int externalPort) {
        Node node = root;
        while (node.rule == null) {
            int port = node.splitsExternal ? externalPort : internalPort;
            node = port < node.middle ? node.low : node.high;
        }
        return node.rule;
    }

    /** Replaces {@code rule} by its two halves and returns them. */
    Rule[] split(Rule rule) {
        Node leaf = leafOf(rule);
        Rule[] halves = rule.halves(nextId, nextId + 1);
        nextId += 2;
        leaf.splitsExternal = rule.splitsExternal();
        leaf.middle = leaf.splitsExternal ? rule.external().middle() : rule.internal().middle();
        leaf.low = new Node(halves[0]);
        leaf.high = new Node(halves[1]);
        leaf.rule = null;
        rules.remove(rule);
        rules.add(halves[0]);
        rules.add(halves[1]);
        return halves;
    }

    private Node leafOf(Rule rule) {
        Node node = root;
        while (node.rule == null) {
            int port = node.splitsExternal ? rule.external().lo() : rule.internal().lo();
            node = port < node.middle ? node.low : node.high;
        }
        if (node.rule != rule) {
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
        return rules.stream().filter(rule -> rule.primary() == node).toList();
    }

    /** Local rules heaviest first, ties by id, the order of §12.3 step 1(e)i. */
    List<Rule> rulesOfHeaviestFirst(int node) {
        return rulesOf(node).stream()
                .sorted(Comparator.comparingDouble(Rule::load).reversed().thenComparingInt(Rule::id))
                .toList();
    }

    double loadOf(int node) {
        double load = 0;
        for (Rule rule : rules) {
            if (rule.primary() == node) {
                load += rule.load();
            }
        }
        return load;
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

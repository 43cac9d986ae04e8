package org.unveil.hosts.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DistinctValuesTest {
    @Test
    void oneValueRepeatedIsNotSeveral() {
        DistinctValues v = new DistinctValues();
        v.add("198.51.100.1");
        v.add("198.51.100.1");
        assertThat(v.several()).isFalse();
        v.add("198.51.100.2");
        assertThat(v.several()).isTrue();
    }

    @Test
    void addingAnotherCountsItsValuesAndWhetherItHadSeveral() {
        DistinctValues a = new DistinctValues();
        a.add("x");
        DistinctValues same = new DistinctValues();
        same.add("x");
        a.addAll(same);
        assertThat(a.several()).isFalse();
        DistinctValues other = new DistinctValues();
        other.add("y");
        a.addAll(other);
        assertThat(a.several()).isTrue();
        DistinctValues empty = new DistinctValues();
        DistinctValues both = new DistinctValues();
        both.add("p");
        both.add("q");
        empty.addAll(both);
        assertThat(empty.several()).isTrue();
    }
}

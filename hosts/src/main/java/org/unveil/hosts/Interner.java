package org.unveil.hosts;

import java.util.HashMap;
import java.util.Map;

/**
 * One shared instance per distinct value (addresses, User-Agents, SYN signatures), so a million flows of a few
 * hosts hold a few copies, not a million. Bounded: past {@link #MAX} distinct values new ones are kept as they
 * are (each flow its own copy, as without the interner), so the table itself cannot grow with the capture.
 */
final class Interner<T> {
    static final int MAX = 1 << 16;
    private final Map<T, T> values = new HashMap<>();

    T of(T value) {
        if (value == null) {
            return null;
        }
        T known = values.get(value);
        if (known != null) {
            return known;
        }
        if (values.size() < MAX) {
            values.put(value, value);
        }
        return value;
    }
}

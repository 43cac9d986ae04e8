package org.unveil.probe;

import java.io.IOException;

/** A request that failed for a reason already said in plain words, which the report repeats as it is. */
final class Failed extends IOException {
    Failed(String reason) {
        super(reason);
    }
}

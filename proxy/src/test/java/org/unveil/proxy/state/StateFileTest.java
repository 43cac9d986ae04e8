package org.unveil.proxy.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {
    @TempDir
    Path dir;

    @Test
    void theNewestCommitIsReadBackInAnotherMapping() throws Exception {
        Path file = dir.resolve("state");
        try (StateFile writer = StateFile.create(file, 4, 4096)) {
            writer.commit(2, 77, SlotRecord.LIVE, 10, 5, 20, 15, 1, 2, 3, 4);
            writer.commit(2, 77, SlotRecord.LIVE, 11, 6, 21, 16, 1, 2, 3, 4);
            try (StateFile reader = StateFile.open(file)) {
                SlotRecord r = reader.read(2);
                assertThat(r.connectionId()).isEqualTo(77);
                assertThat(r.clientToServerRead()).isEqualTo(11);
                assertThat(r.serverToClientWritten()).isEqualTo(16);
                assertThat(reader.read(1)).isNull();
            }
        }
    }

    /** A write torn at every byte (a kill -9 between any two stores) leaves the old record or the new one. */
    @Test
    void aCommitTornAtAnyByteLeavesTheLastWholeRecord() throws Exception {
        try (StateFile file = StateFile.create(dir.resolve("state"), 1, 4096)) {
            file.commit(0, 5, SlotRecord.LIVE, 100, 50, 200, 150, 0, 0, 0, 0);
            // what the next commit would write, made in a scratch file of the same shape
            byte[] next;
            try (StateFile scratch = StateFile.create(dir.resolve("scratch"), 1, 4096)) {
                scratch.commit(0, 5, SlotRecord.LIVE, 0, 0, 0, 0, 0, 0, 0, 0);
                scratch.commit(0, 5, SlotRecord.LIVE, 101, 51, 201, 151, 0, 0, 0, 0);
                next = scratch.rawRecord(0, 0).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            }
            MemorySegment target = file.rawRecord(0, 0);
            byte[] before = target.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            Random random = new Random(3);
            for (int torn = 0; torn <= next.length; torn++) {
                MemorySegment.copy(before, 0, target, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, before.length);
                // stores land in any order within the torn prefix; what follows is still the old bytes
                int[] order = random.ints(0, next.length).distinct().limit(torn).toArray();
                for (int i : order) {
                    target.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, next[i]);
                }
                SlotRecord r = file.read(0);
                assertThat(r).isNotNull();
                assertThat(r.clientToServerRead()).isIn(100L, 101L);
                assertThat(r.serverToClientRead()).isEqualTo(r.clientToServerRead() + 100);
            }
        }
    }
}

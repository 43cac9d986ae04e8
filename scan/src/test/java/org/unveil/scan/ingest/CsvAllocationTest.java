package org.unveil.scan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The csv path, the one of 10 M-line scans, allocates nothing per line: counted by the JVM, not assumed. */
class CsvAllocationTest {
    private static final int LINES = 200_000;

    /** Sums the fields so the JIT cannot drop the parse; takes no record. */
    private static final class Summing implements ResponseSink {
        long sum;

        @Override
        public void accept(Response response) {
            throw new AssertionError("the csv reader made a record");
        }

        @Override
        public void accept(int address, int port, String classification, boolean success, boolean repeat, int ttl,
                int window, long seenMicros, int tcpOptions) {
            sum += address + port + classification.length() + ttl + window + seenMicros + (success ? 1 : 0)
                    + tcpOptions;
        }
    }

    private static byte[] file() {
        // zmap's current tcp_synscan fields, the TCP options included, so that their reading is measured too
        StringBuilder sb = new StringBuilder("saddr,sport,classification,success,repeat,ttl,window,timestamp-ts,"
                + "timestamp-us,tcpopt_mss,tcpopt_wscale,tcpopt_sack_perm,tcpopt_ts_val,tcpopt_ts_ecr\n");
        for (int i = 0; i < LINES; i++) {
            sb.append("10.").append(i >>> 16 & 255).append('.').append(i >>> 8 & 255).append('.').append(i & 255)
                    .append(",80,").append(i % 5 == 0 ? "rst,0" : "synack,1").append(",0,").append(40 + i % 80)
                    .append(",29200,1714557600,").append(i % 1_000_000)
                    .append(i % 5 == 0 ? ",,,,," : ",1460,128,1," + i + ",0").append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void readingLinesAllocatesNothingPerLine() throws Exception {
        byte[] bytes = file();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        Summing sink = new Summing();
        long perRead = Long.MAX_VALUE;
        // the first rounds warm the JIT up (escape analysis is what makes a lambda or boxed value vanish)
        for (int round = 0; round < 5; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            Ingest.Result r = Ingest.read(new ByteArrayInputStream(bytes), "x.csv", null, sink, 10);
            perRead = Math.min(perRead, threads.getThreadAllocatedBytes(thread) - before);
            assertThat(r.responses()).isEqualTo(LINES);
            assertThat(r.badLines()).isZero();
        }
        // a read's own setup: the 1 MiB line buffer, the header's map, the result; an object a line would be 3 MB or more
        assertThat(perRead).isLessThan(ByteLines.BUFFER + 64 * 1024);
        assertThat(sink.sum).isNotZero();
    }
}

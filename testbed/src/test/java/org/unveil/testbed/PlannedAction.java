package org.unveil.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** One row of plan.csv: an action a host was scheduled to take. */
record PlannedAction(String host, int step, long atMillis, String action, int server, int port, List<String> args) {
    static final String HEADER = "host,step,at_ms,action,server,port,arg";

    static List<PlannedAction> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.getFirst().equals(HEADER)) {
            throw new IOException(file + ": expected the header " + HEADER);
        }
        return lines.stream().skip(1).filter(l -> !l.isBlank()).map(l -> {
            String[] c = l.split(",", -1);
            return new PlannedAction(c[0], Integer.parseInt(c[1]), Long.parseLong(c[2]), c[3], Addresses.of(c[4]),
                    Integer.parseInt(c[5]), Arrays.asList(c[6].split(";")));
        }).toList();
    }

    boolean isHttp() {
        return !action.equals("udp");
    }

    /** The URIs this action requests: every page, or the one file of a download. */
    List<String> requestUris() {
        return action.equals("download") ? List.of("/" + args.getFirst()) : args.stream().map(p -> "/" + p).toList();
    }
}

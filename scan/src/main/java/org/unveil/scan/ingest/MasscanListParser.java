package org.unveil.scan.ingest;

/** masscan -oL: "#" comments and "STATUS PROTO PORT ADDRESS EPOCH" lines; banner lines carry no response. */
final class MasscanListParser extends TextLineParser {
    @Override
    void parse(String line, ResponseSink sink) throws BadLine {
        String t = line.strip();
        if (t.startsWith("#") || t.startsWith("banner ")) {
            return;
        }
        String[] w = t.split("\\s+");
        if (w.length < 4) {
            throw new BadLine("expected 'STATUS PROTO PORT ADDRESS TIME', found " + w.length + " words");
        }
        boolean open = switch (w[0]) {
            case "open" -> true;
            case "closed" -> false;
            default -> throw new BadLine("status '" + Fields.shorten(w[0]) + "' is neither open nor closed");
        };
        int port = (int) Fields.number(w[2], "port", 65535);
        long[] six = Fields.ipv6(w[3]);
        int address = six != null ? 0 : Fields.address(w[3], "address");
        long seen = w.length > 4 ? Fields.number(w[4], "time", Long.MAX_VALUE / 2_000_000) * 1_000_000 : -1;
        String kind = Fields.classOf(null, w[1], open);
        if (six != null) {
            sink.accept6(new Response6(six[0], six[1], port, kind, open, false, -1, -1, seen, TcpOptions.UNKNOWN));
        } else {
            sink.accept(new Response(address, port, kind, open, false, -1, -1, seen));
        }
    }
}

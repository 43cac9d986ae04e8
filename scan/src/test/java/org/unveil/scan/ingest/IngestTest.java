package org.unveil.scan.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.unveil.scan.Fixtures.ip;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.scan.Fixtures;

/** Each format read from files the scanners wrote, against what the files say (read by eye and in the lab's setup). */
class IngestTest {
    private final List<Response> got = new ArrayList<>();

    private Ingest.Result read(String fixture, Format format) throws Exception {
        return Ingest.read(Fixtures.open(fixture), fixture, format, got::add, 10);
    }

    /** The lab behind these runs: .10, .11, .13 listen on 80; .12 is up with 80 closed; .14 listens on 22 only. */
    @Test
    void zmap211CsvHoldsTheLabsAnswers() throws Exception {
        var result = read("zmap211-synscan.csv", null);
        assertThat(result.format()).isEqualTo(Format.ZMAP_CSV);
        assertThat(result.badLines()).isZero();
        assertThat(got).hasSize(5);
        assertThat(got).filteredOn(Response::success).extracting(Response::address)
                .containsExactlyInAnyOrder(ip("192.0.2.10"), ip("192.0.2.11"), ip("192.0.2.13"));
        assertThat(got).filteredOn(r -> !r.success()).extracting(Response::classification).containsOnly("rst");
        Response first = got.getFirst();
        assertThat(first).isEqualTo(new Response(ip("192.0.2.12"), 80, "rst", false, false, 64, 0,
                1796276505L * 1_000_000 + 52481));
        assertThat(got.get(1).window()).isEqualTo(64240);
    }

    @Test
    void zmap211JsonEqualsItsCsv() throws Exception {
        var result = read("zmap211-synscan.json", null);
        assertThat(result.format()).isEqualTo(Format.ZMAP_JSON);
        assertThat(result.badLines()).isZero();
        assertThat(got).extracting(Response::address, Response::port, Response::classification, Response::ttl)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(ip("192.0.2.10"), 80, "synack", 64),
                        org.assertj.core.groups.Tuple.tuple(ip("192.0.2.11"), 80, "synack", 64),
                        org.assertj.core.groups.Tuple.tuple(ip("192.0.2.13"), 80, "synack", 64),
                        org.assertj.core.groups.Tuple.tuple(ip("192.0.2.12"), 80, "rst", 64),
                        org.assertj.core.groups.Tuple.tuple(ip("192.0.2.14"), 80, "rst", 64));
        assertThat(got.get(3).seenMicros()).isEqualTo(1796276513L * 1_000_000 + 887960);
    }

    @Test
    void zmapUdpUnreachablesHaveAnEmptyPort() throws Exception {
        // as zmap 2.1.1 -M udp -p 5353 wrote them in the lab: a UDP answer, and an ICMP port unreachable
        String csv = "saddr,sport,classification,success,repeat,ttl\n192.0.2.20,5353,udp,1,0,64\n"
                + "192.0.2.56,,icmp-unreach,0,0,64\n";
        var result = Ingest.read(Fixtures.text(csv), "udp.csv", null, got::add, 10);
        assertThat(result.badLines()).isZero();
        assertThat(got).extracting(Response::port, Response::classification, Response::success).containsExactly(
                org.assertj.core.groups.Tuple.tuple(5353, "udp", true),
                org.assertj.core.groups.Tuple.tuple(0, "icmp-unreach", false));
    }

    @Test
    void zmapIcmpHasNoPort() throws Exception {
        read("zmap211-icmp.csv", null);
        assertThat(got).hasSize(5).allSatisfy(r -> {
            assertThat(r.port()).isZero();
            assertThat(r.classification()).isEqualTo("echoreply");
            assertThat(r.success()).isTrue();
        });
    }

    @Test
    void zmap4UnderscoredNamesAndBooleans() throws Exception {
        read("zmap4-synscan.csv", null);
        assertThat(got).hasSize(3);
        assertThat(got.get(1).repeat()).isTrue();
        assertThat(got.get(2)).isEqualTo(new Response(ip("198.51.100.9"), 443, "rst", false, false, 121, 0,
                1714557600L * 1_000_000 + 300000));
        got.clear();
        var json = read("zmap4-synscan.json", null);
        assertThat(json.format()).isEqualTo(Format.ZMAP_JSON);
        assertThat(got).containsExactly(
                new Response(ip("203.0.113.5"), 22, "synack", true, false, 250, 29200, 1714557600_100000L),
                new Response(ip("203.0.113.6"), 22, "rst", false, false, 60, 0, 1714557600_200000L));
    }

    @Test
    void masscanJsonOneResponsePerPort() throws Exception {
        var result = read("masscan-132.json", null);
        assertThat(result.format()).isEqualTo(Format.MASSCAN_JSON);
        assertThat(result.badLines()).isZero();
        assertThat(got).extracting(r -> org.unveil.scan.Ipv4.format(r.address()) + ":" + r.port())
                .containsExactlyInAnyOrder("192.0.2.10:80", "192.0.2.11:80", "192.0.2.11:22", "192.0.2.13:80",
                        "192.0.2.14:22");
        assertThat(got).allSatisfy(r -> {
            assertThat(r.classification()).isEqualTo("synack");
            assertThat(r.ttl()).isEqualTo(64);
            assertThat(r.seenMicros()).isEqualTo(1796276517L * 1_000_000);
        });
    }

    @Test
    void masscanListEqualsItsJson() throws Exception {
        var result = read("masscan-132.txt", null);
        assertThat(result.format()).isEqualTo(Format.MASSCAN_LIST);
        assertThat(got).extracting(r -> org.unveil.scan.Ipv4.format(r.address()) + ":" + r.port())
                .containsExactlyInAnyOrder("192.0.2.10:80", "192.0.2.11:80", "192.0.2.11:22", "192.0.2.13:80",
                        "192.0.2.14:22");
    }

    @Test
    void oldMasscanJsonWithTrailingCommasAndFinished() throws Exception {
        String old = """
                [
                { "ip": "192.0.2.20", "timestamp": "1500000000", "ports": [ {"port": 443, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 51} ] },
                { "ip": "192.0.2.21", "ports": [ {"port": 443, "proto": "tcp", "status": "closed", "reason": "rst-ack", "ttl": 51}, {"port": 80, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 51} ] },
                {finished: 1}
                ]
                """;
        var result = Ingest.read(Fixtures.text(old), "old.json", null, got::add, 10);
        assertThat(got).extracting(Response::port, Response::classification, Response::success).containsExactly(
                org.assertj.core.groups.Tuple.tuple(443, "synack", true),
                org.assertj.core.groups.Tuple.tuple(443, "rst", false),
                org.assertj.core.groups.Tuple.tuple(80, "synack", true));
        // "{finished: 1}" is not JSON (an unquoted key): old masscan wrote it so, and it is counted as a bad line
        assertThat(result.badLines()).isEqualTo(1);
    }

    @Test
    void plainAddressListIsZmapsDefaultOutput() throws Exception {
        read("zmap-plain.txt", null);
        assertThat(got).extracting(Response::address).containsExactly(ip("192.0.2.10"), ip("192.0.2.11"));
        assertThat(got).allMatch(Response::success);
    }

    @Test
    void badLinesAreCountedWithTheirNumbersAndTheRestKept() throws Exception {
        var result = read("zmap-damaged.csv", null);
        assertThat(result.badLines()).isEqualTo(3);
        assertThat(result.problems()).containsExactly(
                "zmap-damaged.csv: line 3: saddr '192.0.2.300' is not an IPv4 or IPv6 address",
                "zmap-damaged.csv: line 4: 5 fields where the header names 6",
                "zmap-damaged.csv: line 7: sport 'eighty' is not a number");
        assertThat(got).extracting(Response::address)
                .containsExactly(ip("192.0.2.10"), ip("192.0.2.12"), ip("192.0.2.13"));
    }

    @Test
    void problemLinesAreCappedButAllCounted() throws Exception {
        String many = "saddr\n" + "nonsense\n".repeat(50) + "192.0.2.1\n";
        var result = Ingest.read(Fixtures.text(many), "-", Format.ZMAP_CSV, got::add, 5);
        assertThat(result.badLines()).isEqualTo(50);
        assertThat(result.problems()).hasSize(5).first().isEqualTo("-: line 2: saddr 'nonsense' is not an IPv4 or IPv6 address");
        assertThat(got).hasSize(1);
    }

    @Test
    void anUnknownFormatIsRefusedInPlainWords() {
        assertThatThrownBy(() -> Ingest.read(Fixtures.text("\nhello world\n"), "x.txt", null,
                got::add, 10)).isInstanceOf(Ingest.UnknownFormat.class)
                .hasMessage("x.txt: line 2 is not a zmap or masscan result (zmap-csv, zmap-json, masscan-json,"
                        + " masscan-list); name the format with --format");
    }

    @Test
    void aGivenFormatOverridesDetection() throws Exception {
        var result = read("masscan-132.txt", Format.ZMAP_CSV);
        assertThat(result.format()).isEqualTo(Format.ZMAP_CSV);
        assertThat(got).isEmpty();
    }

    /**
     * A zmap csv file read in parts on their own threads gives what one pass gives: the same responses (in file
     * order once the parts are put end to end) and its bad lines at their line numbers in the whole file, wherever
     * the cuts fell; a headerless file too.
     */
    @Test
    void aFileReadInPartsEqualsOnePass(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        for (boolean header : new boolean[] {true, false}) {
            java.nio.file.Path file = dir.resolve("parts-" + header + ".csv");
            StringBuilder csv = new StringBuilder(header ? "saddr,sport,classification,success\r\n" : "");
            List<Long> badAt = new ArrayList<>();
            long line = header ? 1 : 0;
            for (int i = 0; csv.length() < 3 * Ingest.MIN_PART + 100; i++) {
                line++;
                if (i % 50_000 == 7) {
                    csv.append("192.0.2.1,80,synack\n"); // a field short (headerless: an address with a port)
                    badAt.add(line);
                } else if (i % 20_000 == 3) {
                    csv.append("\n"); // blank: skipped, still counted as a line
                } else {
                    csv.append("198.51.100.").append(i & 255).append(header ? "," + (i & 1023) + ",synack,1" : "")
                            .append('\n');
                }
            }
            java.nio.file.Files.writeString(file, csv);
            List<Response> once = new ArrayList<>();
            Ingest.Result one = Ingest.read(java.nio.file.Files.newInputStream(file), "f", null, once::add, 100);
            List<List<Response>> parts = new ArrayList<>();
            Ingest.Result split = Ingest.read(file, "f", null, k -> {
                while (parts.size() <= k) {
                    parts.add(new ArrayList<>());
                }
                return parts.get(k)::add;
            }, 3, 100);
            assertThat(parts).hasSize(3);
            assertThat(parts.stream().flatMap(List::stream).toList()).isEqualTo(once);
            assertThat(split).isEqualTo(one);
            assertThat(one.badLines()).isEqualTo(badAt.size());
            assertThat(one.problems()).extracting(p -> p.replaceAll("^f: line (\\d+): .*", "$1"))
                    .containsExactlyElementsOf(badAt.stream().map(String::valueOf).toList());
        }
    }
}

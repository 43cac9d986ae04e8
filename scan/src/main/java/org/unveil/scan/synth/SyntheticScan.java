package org.unveil.scan.synth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.unveil.scan.Ipv4;
import org.unveil.scan.geo.GeoTable;

/**
 * `scan synth`: a zmap 2.1.1 csv of a made-up tcp_synscan, deterministic for a seed, with its truth. Addresses are
 * drawn over the targets country by country (so they follow the geo table's country mix), each country answering at
 * the hit rate times a factor of its own (0.25 to 1.75, from the seed); unknown space answers at a tenth of it.
 * Of the addresses that answer, 80 % send SYN-ACK (responders) and 20 % RST; 2 % of SYN-ACKs come again as zmap
 * repeats. Written in address order as drawn: memory stays flat whatever the size.
 */
public final class SyntheticScan {
    /** The header zmap 2.1.1 writes for `-O csv -f saddr,sport,classification,success,repeat,ttl,window`. */
    public static final String HEADER = "saddr,sport,classification,success,repeat,ttl,window";

    private SyntheticScan() {
    }

    /** What to make: unsigned [first, last] target ranges (normal: sorted, disjoint), hit rate, port, seed. */
    public record Options(List<long[]> targets, double hitRate, int port, long seed) {
    }

    /** The truth of one country ("??": the geo table knows none): addresses scanned, SYN-ACK responders. */
    public record Country(String country, long scanned, long responders) {
    }

    /** The truth of the whole file: lines written, responders, and per country, by code. */
    public record Truth(long lines, long scanned, long responders, List<Country> countries) {
    }

    /** Writes the scan to {@code out} and returns its truth (counted as it was drawn, not read back). */
    public static Truth write(GeoTable geo, Options options, Writer out) throws IOException {
        if (!(options.hitRate() > 0 && options.hitRate() <= 1)) {
            throw new IllegalArgumentException("the hit rate must be above 0 and at most 1");
        }
        String[] codes = geo.countryCodes();
        double[] answer = new double[codes.length + 1];
        for (int c = 0; c <= codes.length; c++) {
            double factor = c == codes.length ? 0.1
                    : 0.25 + 1.5 * new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + codes[c].hashCode())
                            .nextDouble();
            // 80 % of those answering are responders: draw answers at 1.25 times the responder rate
            answer[c] = Math.min(1, options.hitRate() * factor * 1.25);
        }
        long[] scanned = new long[codes.length + 1];
        long[] responders = new long[codes.length + 1];
        long[] lines = {0};
        SplittableRandom random = new SplittableRandom(options.seed());
        StringBuilder line = new StringBuilder(64);
        out.write(HEADER);
        out.write('\n');
        for (long[] t : options.targets()) {
            geo.countrySegments(t[0], t[1], (first, last, country) -> {
                int c = country < 0 ? codes.length : country;
                scanned[c] += last - first + 1;
                double p = answer[c];
                // geometric gaps between answering addresses: as if each address were drawn, in time per answer
                double logMiss = p >= 1 ? 0 : Math.log1p(-p);
                long at = first - 1;
                while (true) {
                    long gap = p >= 1 ? 0 : (long) Math.floor(Math.log1p(-random.nextDouble()) / logMiss);
                    if (gap < 0 || at + 1 + gap > last || at + 1 + gap < at) {
                        break;
                    }
                    at += 1 + gap;
                    boolean synack = random.nextDouble() < 0.8;
                    int family = random.nextInt(10);
                    int initial = family < 6 ? 64 : family < 9 ? 128 : 255;
                    int ttl = initial - 1 - random.nextInt(30);
                    int window = initial == 64 ? 29200 : initial == 128 ? 65535 : 4128;
                    int copies = synack && random.nextDouble() < 0.02 ? 2 : 1;
                    if (synack) {
                        responders[c]++;
                    }
                    for (int k = 0; k < copies; k++) {
                        line.setLength(0);
                        line.append(Ipv4.format((int) at)).append(',').append(options.port()).append(',')
                                .append(synack ? "synack,1," : "rst,0,").append(k).append(',').append(ttl)
                                .append(',').append(synack ? window : 0).append('\n');
                        try {
                            out.append(line);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        lines[0]++;
                    }
                }
            });
        }
        out.flush();
        List<Country> countries = new ArrayList<>();
        long allScanned = 0;
        long allResponders = 0;
        for (int c = 0; c <= codes.length; c++) {
            allScanned += scanned[c];
            allResponders += responders[c];
            if (scanned[c] > 0) {
                countries.add(new Country(c == codes.length ? "??" : codes[c], scanned[c], responders[c]));
            }
        }
        countries.sort(java.util.Comparator.comparing(Country::country));
        return new Truth(lines[0], allScanned, allResponders, countries);
    }
}

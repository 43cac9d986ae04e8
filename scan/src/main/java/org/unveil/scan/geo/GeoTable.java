package org.unveil.scan.geo;

import java.util.Arrays;

/**
 * Country and autonomous system of every IPv4 and IPv6 address, from the range tables built from IPFire's location
 * data (Debian tor-geoipdb: geoip and geoip6) and @ip-location-db/asn (asn-ipv4 and asn-ipv6). Lookups allocate
 * nothing.
 */
public final class GeoTable {
    /** The attribution the data's licences ask for, printed with every report. */
    public static final String ATTRIBUTION = "Country data: IPFire Location database (location.ipfire.org) as"
            + " packaged in Debian's tor-geoipdb, CC BY-SA 4.0. ASN data: @ip-location-db/asn (RouteViews and"
            + " DB-IP, github.com/sapics/ip-location-db), CC BY 4.0.";

    private final String version;
    private final String[] countries;
    private final RangeTable countryRanges;
    private final RangeTable asnRanges;
    private final int[] asns;
    private final String[] orgs;
    private final RangeTable6 countryRanges6;
    private final RangeTable6 asnRanges6;

    /**
     * {@code countryRanges} hold indexes into {@code countries}; {@code asnRanges} hold AS numbers; {@code asns}
     * (sorted) and {@code orgs} name them. No IPv6 data.
     */
    GeoTable(String version, String[] countries, RangeTable countryRanges, RangeTable asnRanges, int[] asns,
            String[] orgs) {
        this(version, countries, countryRanges, asnRanges, asns, orgs, RangeTable6.empty(), RangeTable6.empty());
    }

    /** As above, with the IPv6 tables: countries by the same indexes, AS numbers named by the same lists. */
    GeoTable(String version, String[] countries, RangeTable countryRanges, RangeTable asnRanges, int[] asns,
            String[] orgs, RangeTable6 countryRanges6, RangeTable6 asnRanges6) {
        this.version = version;
        this.countries = countries.clone();
        this.countryRanges = countryRanges;
        this.asnRanges = asnRanges;
        this.asns = asns.clone();
        this.orgs = orgs.clone();
        this.countryRanges6 = countryRanges6;
        this.asnRanges6 = asnRanges6;
    }

    /** Where the data came from and when it was made. */
    public String version() {
        return version;
    }

    /** The two-letter country code at {@code address}, or null when unknown. */
    public String country(int address) {
        int at = countryRanges.lookup(address);
        return at < 0 ? null : countries[at];
    }

    /** The index of the country at {@code address} in {@link #countryCodes()}, or -1: the allocation-free form. */
    public int countryIndex(int address) {
        return countryRanges.lookup(address);
    }

    /** The AS number announcing {@code address} (unsigned: AS 4200000000 reads negative), or -1 when none is known. */
    public int asn(int address) {
        return asnRanges.lookup(address);
    }

    /** The two-letter country code of the IPv6 address (hi, lo), or null when unknown. */
    public String country6(long hi, long lo) {
        int at = countryRanges6.lookup(hi, lo);
        return at < 0 ? null : countries[at];
    }

    /** The index of the IPv6 address's country in {@link #countryCodes()}, or -1; allocates nothing. */
    public int countryIndex6(long hi, long lo) {
        return countryRanges6.lookup(hi, lo);
    }

    /** The AS number announcing the IPv6 address (hi, lo) (unsigned), or -1 when none is known. */
    public int asn6(long hi, long lo) {
        return asnRanges6.lookup(hi, lo);
    }

    /** Whether the table holds any IPv6 data (tables made before it did hold none). */
    public boolean hasIpv6() {
        return countryRanges6.size() > 1 || asnRanges6.size() > 1;
    }

    /** The organisation of AS {@code asn}, or null. */
    public String org(int asn) {
        int at = Arrays.binarySearch(asns, asn);
        return at < 0 ? null : orgs[at];
    }

    /** Every country code the table knows, by index. */
    public String[] countryCodes() {
        return countries.clone();
    }

    RangeTable countryRanges() {
        return countryRanges;
    }

    RangeTable asnRanges() {
        return asnRanges;
    }

    RangeTable6 countryRanges6() {
        return countryRanges6;
    }

    RangeTable6 asnRanges6() {
        return asnRanges6;
    }

    int[] asns() {
        return asns;
    }

    String[] orgs() {
        return orgs;
    }

    /**
     * How many addresses of each country lie in [first, last]: counts[i] for country i, counts[length] unknown.
     * Walks the ranges, not the addresses.
     */
    public long[] countryCounts(long first, long last, long[] counts) {
        walk(countryRanges, first, last, counts, countries.length);
        return counts;
    }

    /** How many addresses of [first, last] each AS holds, added to {@code counts} (AS number → count; -1 unknown). */
    public void asnCounts(long first, long last, java.util.Map<Integer, Long> counts) {
        RangeTable t = asnRanges;
        for (int i = t.indexOf((int) first); i < t.size(); i++) {
            long start = Math.max(first, t.start(i) & 0xffffffffL);
            if (start > last) {
                break;
            }
            long end = Math.min(last, i + 1 < t.size() ? (t.start(i + 1) & 0xffffffffL) - 1 : 0xffffffffL);
            counts.merge(t.value(i), end - start + 1, Long::sum);
        }
    }

    /** Receives the country ranges met by {@link #countrySegments}. */
    public interface Segment {
        /** [first, last] (unsigned) lie in country {@code country} (an index into {@link #countryCodes()}, or -1). */
        void take(long first, long last, int country);
    }

    /** The pieces of [first, last] by country, in address order. */
    public void countrySegments(long first, long last, Segment out) {
        RangeTable t = countryRanges;
        for (int i = t.indexOf((int) first); i < t.size(); i++) {
            long start = Math.max(first, t.start(i) & 0xffffffffL);
            if (start > last) {
                break;
            }
            long end = Math.min(last, i + 1 < t.size() ? (t.start(i + 1) & 0xffffffffL) - 1 : 0xffffffffL);
            out.take(start, end, t.value(i));
        }
    }

    private static void walk(RangeTable t, long first, long last, long[] counts, int unknown) {
        for (int i = t.indexOf((int) first); i < t.size(); i++) {
            long start = Math.max(first, t.start(i) & 0xffffffffL);
            if (start > last) {
                break;
            }
            long end = Math.min(last, i + 1 < t.size() ? (t.start(i + 1) & 0xffffffffL) - 1 : 0xffffffffL);
            int v = t.value(i);
            counts[v < 0 ? unknown : v] += end - start + 1;
        }
    }
}

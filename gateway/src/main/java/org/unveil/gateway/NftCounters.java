package org.unveil.gateway;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte counters read back from {@code nft list table inet unveil_glob}: per rule (both directions) and in total. */
record NftCounters(Map<Long, Long> ruleBytes, long totalBytes) {
    private static final Pattern COUNTER =
            Pattern.compile("counter packets \\d+ bytes (\\d+)(?: accept)? comment \"(total|r(\\d+))\"");

    static NftCounters parse(String listing) {
        Map<Long, Long> rules = new HashMap<>();
        long total = 0;
        Matcher m = COUNTER.matcher(listing);
        while (m.find()) {
            long bytes = Long.parseLong(m.group(1));
            if (m.group(3) == null) {
                total += bytes;
            } else {
                rules.merge(Long.parseLong(m.group(3)), bytes, Long::sum);
            }
        }
        return new NftCounters(Map.copyOf(rules), total);
    }
}

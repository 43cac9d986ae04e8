package org.unveil.scan.report;

import java.util.Map;

/** The usual service on a port, for the report's port table (IANA's names for the ports scans favour). */
final class Services {
    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(0, "icmp"), Map.entry(21, "ftp"),
            Map.entry(22, "ssh"), Map.entry(23, "telnet"), Map.entry(25, "smtp"), Map.entry(53, "domain"),
            Map.entry(80, "http"), Map.entry(110, "pop3"), Map.entry(123, "ntp"), Map.entry(143, "imap"),
            Map.entry(161, "snmp"), Map.entry(443, "https"), Map.entry(445, "microsoft-ds"),
            Map.entry(993, "imaps"), Map.entry(995, "pop3s"), Map.entry(1900, "ssdp"), Map.entry(3306, "mysql"),
            Map.entry(3389, "ms-wbt-server"), Map.entry(5432, "postgresql"), Map.entry(6379, "redis"),
            Map.entry(7547, "cwmp"), Map.entry(8080, "http-alt"), Map.entry(8443, "https-alt"));

    private Services() {
    }

    static String of(int port) {
        return NAMES.getOrDefault(port, "");
    }
}

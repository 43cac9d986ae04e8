package org.unveil.capture;

/** The container formats Unveil reads. */
public enum CaptureFormat {
    PCAP("pcap"),
    PCAP_NANO("pcap (ns)"),
    PCAP_MODIFIED("pcap (modified)"),
    PCAPNG("pcapng");

    private final String label;

    CaptureFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

package org.unveil.probe.evidence;

/** One response header as it came, name in the server's spelling. */
public record Header(String name, String value) {
}

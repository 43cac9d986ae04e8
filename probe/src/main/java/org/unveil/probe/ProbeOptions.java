package org.unveil.probe;

import com.google.re2j.Pattern;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to probe.
 *
 * @param keepAlive   reuse connections (default: a new connection per request, so an L4 balancer chooses anew)
 * @param resolve     addresses to use for a host name instead of asking DNS
 * @param rate        requests a second at most
 * @param concurrency requests in flight at most
 * @param maxRequests requests per target at most
 * @param timeout     how long one request may take
 * @param confidence  of intervals and of the stopping rule
 * @param minWeight   the smallest weight, relative to the mean, a back-end must not be missed at
 * @param idHeaders   response headers that name the server, besides the usual ones
 * @param idRegex     a pattern whose match (first group) in the body names the server, or null
 * @param http        which HTTP to speak
 * @param tcp         capture the connections' SYN-ACKs (tcpdump) to tell whether the balancer terminates TCP
 * @param caCerts     the certificate authorities https:// servers must chain to; empty: those the JDK trusts
 * @param tickets     offer TLS 1.2 at most and resume no session, so every handshake's session ticket comes in
 *                    clear and its key name (the key a back-end seals tickets with) is evidence
 */
public record ProbeOptions(boolean keepAlive, Map<String, List<InetAddress>> resolve, double rate, int concurrency,
                           int maxRequests, Duration timeout, double confidence, double minWeight,
                           List<String> idHeaders, Pattern idRegex, HttpVersion http,
                           boolean tcp, List<X509Certificate> caCerts, boolean tickets) {
    public ProbeOptions {
        resolve = Map.copyOf(resolve);
        caCerts = List.copyOf(caCerts);
        idHeaders = List.copyOf(idHeaders);
    }
}

package org.unveil.synth.model;

import org.unveil.generator.app.TlsProfile;
import org.unveil.generator.stack.IpidModel;
import org.unveil.generator.stack.PortAllocator;
import org.unveil.generator.stack.SynSignature;
import org.unveil.generator.stack.TcpClockModel;

/**
 * Everything that makes one synthetic host recognisable: its stack's IPID, clock, SYN and port behaviour, and
 * the HTTP and TLS clients it runs. The generator derives all the host's random choices from {@code secret}.
 *
 * @param family the OS family preset it came from (or any name, for hand-built hosts)
 * @param address IPv4 address, as an int in network order
 * @param userAgent the User-Agent of a client, the Server header of a server
 * @param secret seeds this host's random state (offsets, first port, counters' starts)
 */
public record HostProfile(String family, int address, IpidModel ipid, TcpClockModel clock, SynSignature syn,
        PortAllocator ports, String userAgent, TlsProfile tls, long secret) {

    public HostProfile withAddress(int newAddress) {
        return new HostProfile(family, newAddress, ipid, clock, syn, ports, userAgent, tls, secret);
    }

    public HostProfile withClock(TcpClockModel newClock) {
        return new HostProfile(family, address, ipid, newClock, syn, ports, userAgent, tls, secret);
    }

    public HostProfile withIpid(IpidModel newIpid) {
        return new HostProfile(family, address, newIpid, clock, syn, ports, userAgent, tls, secret);
    }
}

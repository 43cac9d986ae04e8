/**
 * The one traffic generator's parts, shared by every module that makes traffic: {@code bench} (the benchmark
 * captures), {@code synth} (labelled NAT captures) and {@code balance} (the synthetic flow log).
 *
 * <p>Why a module of its own: the parts sit below every capability, beside the capture core they write
 * through ({@code capture}'s {@code PcapWriter}/{@code PcapngWriter} and checksum). In {@code synth} they would
 * have made {@code balance} depend sideways on another capability, and {@code bench} on NAT labelling it does
 * not use; here the dependencies stay one way: {@code bench}, {@code synth}, {@code balance} → {@code generator}
 * → {@code capture}, and nothing in this module knows a scenario, a label or a command.
 *
 * <ul>
 *   <li>{@link org.unveil.generator.frame}: Ethernet/802.1Q, IPv4/IPv6, TCP/UDP/ICMP headers, TCP options and
 *       checksums, written into one reused array;</li>
 *   <li>{@link org.unveil.generator.stack}: how a host's stack shows on the wire (SYN signature, IPID, TCP
 *       timestamp clock, source ports) and the seeded random sources;</li>
 *   <li>{@link org.unveil.generator.app}: application payloads (HTTP heads, DNS, TLS ClientHello).</li>
 * </ul>
 * Each generator keeps only what is its own: its mix of flows, its timing and its presets of hosts.
 */
package org.unveil.generator;

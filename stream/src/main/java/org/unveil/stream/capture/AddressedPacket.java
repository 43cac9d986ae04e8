package org.unveil.stream.capture;

/** A packet sent to the task of one address it touches (IPv6 halves; IPv4 as IPv4-mapped IPv6). */
public record AddressedPacket(AddressKey address, CapturedPacket packet) {
}

package org.unveil.testbed;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.ProblemListener;
import org.unveil.capture.decode.HttpHead;
import org.unveil.capture.decode.HttpHeader;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.flow.IpAddresses;

/**
 * What a capture shows of the HTTP connections to port 80: per connection its first packet and, in order, its
 * request and response heads. Read with the capture module only, so the testbed is judged by its packets and
 * not by what its script meant to send.
 */
final class HttpConversations {
    static final int HTTP_PORT = 80;

    record Request(long micros, String method, String uri, String forwardedFor) {
    }

    record Response(long micros, int status, String backendId) {
    }

    /** One TCP connection, named from the client's side: "client:port>server:80". */
    static final class Conversation {
        final String key;
        final String client;
        final long firstMicros;
        final List<Request> requests = new ArrayList<>();
        final List<Response> responses = new ArrayList<>();
        // a retransmitted head must not count as a second request
        private final Set<Long> seenHeads = new HashSet<>();

        Conversation(String key, String client, long firstMicros) {
            this.key = key;
            this.client = client;
            this.firstMicros = firstMicros;
        }
    }

    final Map<String, Conversation> byKey = new LinkedHashMap<>();
    long packets;

    static HttpConversations read(java.nio.file.Path capture) throws IOException {
        HttpConversations result = new HttpConversations();
        Packet packet = new Packet();
        PacketLayers layers = new PacketLayers();
        try (CaptureReader reader = Captures.open(capture.toString(), ProblemListener.IGNORE)) {
            while (reader.next(packet)) {
                result.packets++;
                PacketDecoder.decode(packet, layers);
                if (layers.ipVersion() == 4 && layers.hasTcp()) {
                    result.add(packet, layers);
                }
            }
        }
        return result;
    }

    static String key(String client, int clientPort, String server, int serverPort) {
        return client + ":" + clientPort + ">" + server + ":" + serverPort;
    }

    private void add(Packet packet, PacketLayers layers) {
        String src = IpAddresses.ipv4(layers.ipv4().source());
        String dst = IpAddresses.ipv4(layers.ipv4().destination());
        int sport = layers.tcp().sourcePort();
        int dport = layers.tcp().destinationPort();
        boolean fromClient = dport == HTTP_PORT;
        if (!fromClient && sport != HTTP_PORT) {
            return;
        }
        String key = fromClient ? key(src, sport, dst, dport) : key(dst, dport, src, sport);
        long micros = packet.timestampNanos() / 1_000;
        Conversation c = byKey.computeIfAbsent(key, k -> new Conversation(k, fromClient ? src : dst, micros));
        HttpHead head = layers.http();
        if (head == null || !c.seenHeads.add(layers.tcp().sequence() << 1 | (fromClient ? 1 : 0))) {
            return;
        }
        if (fromClient && head.isRequest()) {
            c.requests.add(new Request(micros, head.method(), head.uri(), head.value(HttpHeader.X_FORWARDED_FOR)));
        } else if (!fromClient && head.isResponse() && head.statusCode() >= 200) {
            c.responses.add(new Response(micros, head.statusCode(), backendId(layers)));
        }
    }

    /** The X-Backend field the testbed's web servers add (not one the capture module names). */
    private static String backendId(PacketLayers layers) {
        byte[] payload = layers.segment().asSlice(layers.payloadOffset(), layers.payloadLength())
                .toArray(ValueLayout.JAVA_BYTE);
        String text = new String(payload, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        for (String line : (end < 0 ? text : text.substring(0, end)).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("x-backend:")) {
                return line.substring("x-backend:".length()).trim();
            }
        }
        return null;
    }

    List<Request> allRequests() {
        return byKey.values().stream().flatMap(c -> c.requests.stream()).toList();
    }

    List<Response> allResponses() {
        return byKey.values().stream().flatMap(c -> c.responses.stream()).toList();
    }
}

package org.unveil.trace.correlate;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.HttpHead;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TcpHeader;
import org.unveil.capture.flow.FlowKey;
import org.unveil.capture.flow.FlowTable;
import org.unveil.trace.ForwardedHeaders;
import org.unveil.trace.HeadAssembler;

/**
 * Walks a capture once and cuts each TCP connection into HTTP/1.x exchanges: every request head in the client's
 * direction starts a request, every response head in the server's answers the oldest unanswered request. A head
 * split over segments is rebuilt with {@link HeadAssembler}; message sizes count each sequence byte once, so
 * retransmissions neither start a second request nor add bytes.
 */
public final class ExchangeExtractor {
    private static final long SEQUENCE_MASK = 0xFFFF_FFFFL;

    private final FlowTable flows = new FlowTable();
    private final List<Flow> states = new ArrayList<>();

    /** A message as it grows: head bytes first, then the byte count of what follows. */
    private static final class Message {
        final long startNanos;
        HeadAssembler assembler = new HeadAssembler();
        String head;
        int headLength;
        long bytes;
        long lastNanos;

        Message(long startNanos) {
            this.startNanos = startNanos;
        }

        void finishHead() {
            if (head != null) {
                return;
            }
            MemorySegment prefix = assembler.prefix();
            StringBuilder text = new StringBuilder(assembler.length());
            for (long i = 0; i < prefix.byteSize(); i++) {
                text.append((char) (prefix.get(ValueLayout.JAVA_BYTE, i) & 0xFF));
            }
            int end = text.indexOf("\r\n\r\n");
            headLength = end >= 0 ? end + 4 : text.length();
            head = text.substring(0, headLength);
            assembler = null;
        }
    }

    /** One direction: the highest sequence end seen (-1 before data) and the message being read. */
    private static final class Direction {
        long next = -1;
        Message current;

        /** How many of the segment's bytes are new. */
        long advance(long sequence, int length) {
            long end = (sequence + length) & SEQUENCE_MASK;
            if (next < 0) {
                next = end;
                return length;
            }
            int ahead = (int) (end - next); // signed distance in 32-bit sequence space
            if (ahead <= 0) {
                return 0;
            }
            next = end;
            return Math.min(ahead, length);
        }

        boolean startsNewData(long sequence) {
            return next < 0 || (int) (sequence - next) >= 0;
        }
    }

    private static final class Flow {
        final long firstNanos;
        final Direction[] directions = {new Direction(), new Direction()};
        final List<Message> requests = new ArrayList<>();
        final List<Message> responses = new ArrayList<>();
        long bytes;

        Flow(long firstNanos) {
            this.firstNanos = firstNanos;
        }
    }

    /** Books one decoded packet; packets without TCP are ignored. */
    public void add(Packet packet, PacketLayers layers) {
        if (!layers.hasTcp()) {
            return;
        }
        int number = flows.flowOf(layers);
        if (number < 0) {
            return;
        }
        while (states.size() <= number) {
            states.add(new Flow(packet.timestampNanos()));
        }
        Flow flow = states.get(number);
        int length = layers.payloadLength();
        if (length == 0) {
            return;
        }
        boolean fromClient = flows.lastSenderIsClient();
        Direction direction = flow.directions[fromClient ? 0 : 1];
        TcpHeader tcp = layers.tcp();
        long sequence = tcp.sequence();
        HttpHead http = direction.startsNewData(sequence) ? layers.http() : null;
        long fresh = direction.advance(sequence, length);
        flow.bytes += fresh;
        if (http != null && http.isRequest() == fromClient) {
            if (direction.current != null) {
                direction.current.finishHead(); // a head longer than the window: keep what was rebuilt
            }
            Message message = new Message(packet.timestampNanos());
            direction.current = message;
            (fromClient ? flow.requests : flow.responses).add(message);
        } else if (direction.current == null) {
            return; // the capture began inside this connection's traffic
        }
        Message message = direction.current;
        message.bytes += fresh;
        if (fresh > 0) {
            message.lastNanos = packet.timestampNanos();
        }
        if (message.assembler != null) {
            message.assembler.add(sequence, layers.segment(), layers.payloadOffset(), length);
            if (message.assembler.done()) {
                message.finishHead();
            }
        }
    }

    /** The connections seen (TCP only), in order of first appearance. */
    public List<TcpConnection> connections() {
        List<TcpConnection> out = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            out.add(connection(i));
        }
        return out;
    }

    private TcpConnection connection(int number) {
        FlowKey key = flows.key(number);
        boolean aIsClient = flows.clientIsA(number);
        Flow flow = states.get(number);
        return new TcpConnection(aIsClient ? key.addressA() : key.addressB(), aIsClient ? key.portA() : key.portB(),
                aIsClient ? key.addressB() : key.addressA(), aIsClient ? key.portB() : key.portA(), flow.firstNanos,
                flow.bytes);
    }

    /** Every request seen, with its response where there was one, by connection and then position. */
    public List<HttpExchange> exchanges() {
        List<HttpExchange> out = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            Flow flow = states.get(i);
            if (flow.requests.isEmpty()) {
                continue;
            }
            TcpConnection connection = connection(i);
            List<Message> responses = finalResponses(flow.responses);
            for (int r = 0; r < flow.requests.size(); r++) {
                out.add(exchange(connection, r, flow.requests.get(r), r < responses.size() ? responses.get(r) : null));
            }
        }
        return out;
    }

    /** Interim (1xx) responses precede the final one and answer nothing on their own (RFC 9110 section 15.2). */
    private static List<Message> finalResponses(List<Message> responses) {
        List<Message> out = new ArrayList<>();
        for (Message m : responses) {
            m.finishHead();
            if (status(m.head) / 100 != 1) {
                out.add(m);
            }
        }
        return out;
    }

    private static HttpExchange exchange(TcpConnection connection, int index, Message request, Message response) {
        request.finishHead();
        String[] line = startLine(request.head).split(" ", 3);
        Map<String, String> headers = headers(request.head);
        List<String> chain = ForwardedHeaders.chain(headers.get("x-forwarded-for"), headers.get("forwarded"));
        long requestBody = request.bytes - request.headLength;
        if (response == null) {
            return new HttpExchange(connection, index, request.startNanos, line[0], line.length > 1 ? line[1] : "",
                    headers, chain, requestBody, -1, -1, -1, -1, Map.of());
        }
        return new HttpExchange(connection, index, request.startNanos, line[0], line.length > 1 ? line[1] : "",
                headers, chain, requestBody, response.startNanos, status(response.head),
                response.bytes - response.headLength, response.lastNanos, headers(response.head));
    }

    private static String startLine(String head) {
        int end = head.indexOf('\r');
        return end < 0 ? head : head.substring(0, end);
    }

    private static int status(String head) {
        String[] parts = startLine(head).split(" ", 3);
        try {
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                out.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        return Collections.unmodifiableMap(out);
    }
}

package org.unveil.trace.correlate;

/** One TCP connection as a capture shows it: client → server, first packet time, payload bytes both ways. */
public record TcpConnection(String client, int clientPort, String server, int serverPort, long firstNanos,
        long payloadBytes) {

    /** "client:port>server:port", the key labels and tests use. */
    public String key() {
        return client + ":" + clientPort + ">" + server + ":" + serverPort;
    }
}

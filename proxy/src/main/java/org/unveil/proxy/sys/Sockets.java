package org.unveil.proxy.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Opening, naming and configuring TCP sockets by file descriptor; failures are IOExceptions in plain words. */
public final class Sockets {
    private Sockets() {
    }

    /**
     * A non-blocking listening socket with IP_TRANSPARENT set, so TPROXY can hand it connections addressed to
     * any destination (the JDK has no such option).
     */
    public static int transparentListener(Endpoint at, boolean transparent) throws IOException {
        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw failure("cannot open a socket", Libc.errno());
        }
        try (Arena arena = Arena.ofConfined()) {
            setInt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1);
            if (transparent && setInt(fd, Libc.SOL_IP, Libc.IP_TRANSPARENT, 1) != 0) {
                throw failure("cannot set IP_TRANSPARENT (needs CAP_NET_ADMIN)", Libc.errno());
            }
            MemorySegment address = arena.allocate(Endpoint.SOCKADDR_SIZE);
            at.write(address);
            if (Libc.bind(fd, address, Endpoint.SOCKADDR_SIZE) != 0) {
                throw failure("cannot listen on " + at, Libc.errno());
            }
            if (Libc.listen(fd, 1024) != 0) {
                throw failure("cannot listen on " + at, Libc.errno());
            }
            return fd;
        } catch (IOException | RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /** Starts a non-blocking connect; the caller polls for POLLOUT and then reads {@link #pendingError}. */
    public static int connectNonBlocking(Endpoint to, MemorySegment scratch) throws IOException {
        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw failure("cannot open a socket", Libc.errno());
        }
        setInt(fd, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, 1);
        to.write(scratch);
        if (Libc.connect(fd, scratch, Endpoint.SOCKADDR_SIZE) != 0 && Libc.errno() != Libc.EINPROGRESS) {
            int errno = Libc.errno();
            Libc.close(fd);
            throw failure("cannot connect to " + to, errno);
        }
        return fd;
    }

    public static int setInt(int fd, int level, int name, int value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
            v.set(ValueLayout.JAVA_INT, 0, value);
            return Libc.setsockopt(fd, level, name, v, 4);
        }
    }

    /** SO_ERROR: 0 once a non-blocking connect has succeeded, else its errno. */
    public static int pendingError(int fd, MemorySegment scratch) {
        scratch.set(ValueLayout.JAVA_INT, 8, 4);
        if (Libc.getsockopt(fd, Libc.SOL_SOCKET, Libc.SO_ERROR, scratch, scratch.asSlice(8)) != 0) {
            return Libc.errno();
        }
        return scratch.get(ValueLayout.JAVA_INT, 0);
    }

    /** The local address of a socket: for a connection TPROXY intercepted, the client's original destination. */
    public static Endpoint localAddress(int fd, MemorySegment scratch) throws IOException {
        scratch.set(ValueLayout.JAVA_INT, Endpoint.SOCKADDR_SIZE, Endpoint.SOCKADDR_SIZE);
        if (Libc.getsockname(fd, scratch, scratch.asSlice(Endpoint.SOCKADDR_SIZE)) != 0) {
            throw failure("cannot name a socket", Libc.errno());
        }
        return Endpoint.read(scratch);
    }

    public static Endpoint peerAddress(int fd, MemorySegment scratch) throws IOException {
        scratch.set(ValueLayout.JAVA_INT, Endpoint.SOCKADDR_SIZE, Endpoint.SOCKADDR_SIZE);
        if (Libc.getpeername(fd, scratch, scratch.asSlice(Endpoint.SOCKADDR_SIZE)) != 0) {
            throw failure("cannot name a socket's peer", Libc.errno());
        }
        return Endpoint.read(scratch);
    }

    /** A Unix seqpacket socket listening at {@code path} (an old socket file there is replaced). */
    public static int unixListener(java.nio.file.Path path) throws IOException {
        java.nio.file.Files.deleteIfExists(path);
        int fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_SEQPACKET | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw failure("cannot open a Unix socket", Libc.errno());
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = unixAddress(arena, path);
            if (Libc.bind(fd, address, (int) address.byteSize()) != 0 || Libc.listen(fd, 4) != 0) {
                int errno = Libc.errno();
                Libc.close(fd);
                throw failure("cannot listen on " + path, errno);
            }
            return fd;
        }
    }

    /** Accepts one connection on a blocking listener. */
    public static int acceptBlocking(int listener) throws IOException {
        int fd;
        do {
            fd = Libc.accept4(listener, MemorySegment.NULL, MemorySegment.NULL, Libc.SOCK_CLOEXEC);
        } while (fd < 0 && Libc.errno() == Libc.EINTR);
        if (fd < 0) {
            throw failure("cannot accept", Libc.errno());
        }
        return fd;
    }

    /** Connects a Unix seqpacket socket to {@code path}. */
    public static int unixConnect(java.nio.file.Path path) throws IOException {
        int fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_SEQPACKET | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw failure("cannot open a Unix socket", Libc.errno());
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = unixAddress(arena, path);
            if (Libc.connect(fd, address, (int) address.byteSize()) != 0) {
                int errno = Libc.errno();
                Libc.close(fd);
                throw failure("cannot reach the standby at " + path, errno);
            }
            return fd;
        }
    }

    private static MemorySegment unixAddress(Arena arena, java.nio.file.Path path) throws IOException {
        byte[] name = path.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (name.length > 107) {
            throw new IOException("the socket path " + path + " is longer than 107 bytes");
        }
        MemorySegment address = arena.allocate(110);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_UNIX);
        MemorySegment.copy(name, 0, address, ValueLayout.JAVA_BYTE, 2, name.length);
        return address;
    }

    public static IOException failure(String what, int errno) {
        return new IOException(what + ": " + Libc.describe(errno));
    }
}

package org.unveil.proxy.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/** Thin bindings to the C library's socket calls; each returns what C returns, and {@link #errno()} says why. */
public final class Libc {
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_NONBLOCK = 04000;
    public static final int SOCK_CLOEXEC = 02000000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_ERROR = 4;
    public static final int SOL_IP = 0;
    public static final int IP_TRANSPARENT = 19;
    public static final int IPPROTO_TCP = 6;
    public static final int TCP_NODELAY = 1;
    public static final int TCP_INFO = 11;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;
    public static final long SIOCINQ = 0x541BL;
    public static final long SIOCOUTQ = 0x5411L;
    public static final short POLLIN = 0x001;
    public static final short POLLOUT = 0x004;
    public static final short POLLERR = 0x008;
    public static final short POLLHUP = 0x010;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int EINPROGRESS = 115;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final int AF_PACKET = 17;
    public static final int SOCK_DGRAM = 2;
    public static final int ETH_P_IP = 0x0800;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int TCP_MAXSEG = 2;
    public static final int TCP_REPAIR = 19;
    public static final int TCP_REPAIR_QUEUE = 20;
    public static final int TCP_QUEUE_SEQ = 21;
    public static final int TCP_REPAIR_OPTIONS = 22;
    public static final int TCP_TIMESTAMP = 24;
    public static final int TCP_REPAIR_WINDOW = 29;
    /** The longest retransmission timeout of a socket (Linux 6.15 and later). */
    public static final int TCP_RTO_MAX_MS = 44;
    /** TCP_REPAIR values: on, and off without the window probe the plain off sends. */
    public static final int TCP_REPAIR_ON = 1;
    public static final int TCP_REPAIR_OFF = 0;
    public static final int TCP_REPAIR_OFF_NO_WP = -1;
    public static final int TCP_RECV_QUEUE = 1;
    public static final int TCP_SEND_QUEUE = 2;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int O_RDONLY = 0;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURED.varHandle(StructLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    /** One captured-state buffer per thread, made once: the relay's loop calls these without allocating. */
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.global().allocate(CAPTURED));

    private static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SOCKETPAIR = bind("socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SETSOCKOPT = bind("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = bind("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LISTEN = bind("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle ACCEPT4 = bind("accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle CONNECT = bind("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle READ = bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle SEND = bind("send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    // the same calls with the buffer as a plain address: x86-64 and AArch64 pass pointers and longs alike, and
    // the relay's loop then needs no MemorySegment object per call
    private static final MethodHandle READ_AT = bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle SEND_AT = bind("send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECV = bind("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle IF_NAMETOINDEX = bind("if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SHUTDOWN = bind("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle IOCTL = bind("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle GETSOCKNAME = bind("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GETPEERNAME = bind("getpeername",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SENDMSG = bind("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMSG = bind("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETNS = bind("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle OPEN = bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));

    private Libc() {
    }

    private static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = CAPTURE;
        System.arraycopy(extra, 0, options, 1, extra.length);
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    /** The errno of this thread's last call through this class. */
    public static int errno() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    public static int socket(int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(STATE.get(), domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int socketpair(int domain, int type, int protocol, MemorySegment fds) {
        try {
            return (int) SOCKETPAIR.invokeExact(STATE.get(), domain, type, protocol, fds);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int setsockopt(int fd, int level, int name, MemorySegment value, int length) {
        try {
            return (int) SETSOCKOPT.invokeExact(STATE.get(), fd, level, name, value, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment length) {
        try {
            return (int) GETSOCKOPT.invokeExact(STATE.get(), fd, level, name, value, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int bind(int fd, MemorySegment address, int length) {
        try {
            return (int) BIND.invokeExact(STATE.get(), fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int listen(int fd, int backlog) {
        try {
            return (int) LISTEN.invokeExact(STATE.get(), fd, backlog);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int accept4(int fd, MemorySegment address, MemorySegment length, int flags) {
        try {
            return (int) ACCEPT4.invokeExact(STATE.get(), fd, address, length, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int connect(int fd, MemorySegment address, int length) {
        try {
            return (int) CONNECT.invokeExact(STATE.get(), fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long read(int fd, MemorySegment buffer, long count) {
        try {
            return (long) READ.invokeExact(STATE.get(), fd, buffer, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** send(2) with MSG_NOSIGNAL: a peer that is gone gives EPIPE, never a SIGPIPE that would kill the JVM. */
    public static long write(int fd, MemorySegment buffer, long count) {
        try {
            return (long) SEND.invokeExact(STATE.get(), fd, buffer, count, MSG_NOSIGNAL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** read(2) into native memory at {@code address}. */
    public static long readAt(int fd, long address, long count) {
        try {
            return (long) READ_AT.invokeExact(STATE.get(), fd, address, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** send(2) with MSG_NOSIGNAL from native memory at {@code address}. */
    public static long writeAt(int fd, long address, long count) {
        try {
            return (long) SEND_AT.invokeExact(STATE.get(), fd, address, count, MSG_NOSIGNAL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** recv(2) with flags (MSG_DONTWAIT: take what is queued without waiting). */
    public static long recv(int fd, MemorySegment buffer, long count, int flags) {
        try {
            return (long) RECV.invokeExact(STATE.get(), fd, buffer, count, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** send(2) with explicit flags (no MSG_NOSIGNAL added). */
    public static long send(int fd, MemorySegment buffer, long count, int flags) {
        try {
            return (long) SEND.invokeExact(STATE.get(), fd, buffer, count, flags | MSG_NOSIGNAL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The index of a network interface by name, 0 if there is none. */
    public static int ifNameToIndex(MemorySegment name) {
        try {
            return (int) IF_NAMETOINDEX.invokeExact(STATE.get(), name);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(STATE.get(), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int poll(MemorySegment fds, long count, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(STATE.get(), fds, count, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int shutdown(int fd, int how) {
        try {
            return (int) SHUTDOWN.invokeExact(STATE.get(), fd, how);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int ioctl(int fd, long request, MemorySegment argument) {
        try {
            return (int) IOCTL.invokeExact(STATE.get(), fd, request, argument);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int getsockname(int fd, MemorySegment address, MemorySegment length) {
        try {
            return (int) GETSOCKNAME.invokeExact(STATE.get(), fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int getpeername(int fd, MemorySegment address, MemorySegment length) {
        try {
            return (int) GETPEERNAME.invokeExact(STATE.get(), fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long sendmsg(int fd, MemorySegment message, int flags) {
        try {
            return (long) SENDMSG.invokeExact(STATE.get(), fd, message, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long recvmsg(int fd, MemorySegment message, int flags) {
        try {
            return (long) RECVMSG.invokeExact(STATE.get(), fd, message, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int setns(int fd, int type) {
        try {
            return (int) SETNS.invokeExact(STATE.get(), fd, type);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int open(MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(STATE.get(), path, flags, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The C library's own words for an errno, for one-line log messages. */
    public static String describe(int errno) {
        return switch (errno) {
            case 1 -> "operation not permitted";
            case 2 -> "no such file or directory";
            case 9 -> "bad file descriptor";
            case 11 -> "resource temporarily unavailable";
            case 13 -> "permission denied";
            case 16 -> "device or resource busy";
            case 22 -> "invalid argument";
            case 95 -> "operation not supported";
            case 32 -> "broken pipe";
            case 98 -> "address already in use";
            case 99 -> "cannot assign requested address";
            case 101 -> "network is unreachable";
            case 104 -> "connection reset by peer";
            case 110 -> "connection timed out";
            case 111 -> "connection refused";
            case 113 -> "no route to host";
            default -> "error " + errno;
        };
    }
}

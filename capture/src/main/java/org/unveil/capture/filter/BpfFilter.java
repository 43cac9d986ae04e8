package org.unveil.capture.filter;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.ConcurrentHashMap;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;

/**
 * A tcpdump filter expression ("tcp port 80 and host 192.0.2.1"), compiled by libpcap's own compiler and run by
 * its own filter machine ({@code pcap_compile}, {@code pcap_offline_filter}) through java.lang.foreign, so it
 * means exactly what it means to tcpdump. One program is compiled per link type, when a packet of that type
 * first comes; programs are shared by threads, each of which tests packets through its own {@link Matcher}.
 * The filter owns the native memory of its programs and matchers: {@link #close} frees it, after the last test.
 */
public final class BpfFilter implements AutoCloseable {
    /** Where Debian's libpcap0.8 puts the library; the plain name lets the loader search its own path too. */
    private static final String[] LIBRARIES = {"libpcap.so.0.8", "libpcap.so.1", "libpcap.so"};
    private static final int SNAPLEN = 262_144;
    private static final int PCAP_NETMASK_UNKNOWN = 0xffffffff;
    /** struct bpf_program: u_int bf_len, then a pointer (x86-64 and aarch64 Linux: 16 bytes). */
    private static final long PROGRAM_BYTES = 16;
    /** struct pcap_pkthdr: struct timeval (two longs), bpf_u_int32 caplen, bpf_u_int32 len. */
    private static final long HEADER_BYTES = 24;

    /** libpcap before 1.8 kept the compiler's state in globals: one compile at a time in the process. */
    private static final Object COMPILER = new Object();

    private final String expression;
    private final Arena arena = Arena.ofShared();
    private final ConcurrentHashMap<Integer, Program> programs = new ConcurrentHashMap<>();

    /** A compiled program for one link type, or why there is none. */
    private record Program(MemorySegment code, String error) {
    }

    private BpfFilter(String expression) {
        this.expression = expression;
    }

    /**
     * Compiles {@code expression} once for Ethernet, so that a mistake is told before any capture is read.
     *
     * @throws IllegalArgumentException with libpcap's message when the expression does not compile, or when
     *     libpcap is missing
     */
    public static BpfFilter compile(String expression) {
        BpfFilter filter = new BpfFilter(expression);
        Program ethernet = filter.program(LinkType.ETHERNET);
        if (ethernet.error() != null && !ethernet.error().contains("not supported on")) {
            filter.close();
            throw new IllegalArgumentException(ethernet.error());
        }
        return filter;
    }

    public String expression() {
        return expression;
    }

    /** A matcher for one thread: it owns the packet header it hands to libpcap (in the filter's memory). */
    public Matcher matcher() {
        return new Matcher();
    }

    /** Tests packets against the filter on one thread; {@link #untested} tells a packet it could not test. */
    public final class Matcher {
        private final MemorySegment header = arena.allocate(HEADER_BYTES, 8);
        private int lastLinkType = -1;
        private Program last;

        /** Whether libpcap's filter accepts the packet; packets of a link type it cannot filter are rejected. */
        public boolean test(Packet packet) {
            if (packet.linkType() != lastLinkType) {
                lastLinkType = packet.linkType();
                last = program(lastLinkType);
            }
            if (last.code() == null) {
                return false;
            }
            long nanos = packet.timestampNanos();
            header.set(ValueLayout.JAVA_LONG, 0, Math.floorDiv(nanos, 1_000_000_000L));
            header.set(ValueLayout.JAVA_LONG, 8, Math.floorMod(nanos, 1_000_000_000L) / 1000);
            header.set(ValueLayout.JAVA_INT, 16, packet.capturedLength());
            header.set(ValueLayout.JAVA_INT, 20, packet.originalLength());
            MemorySegment data = packet.buffer().asSlice(packet.offset(), packet.capturedLength());
            try {
                return (int) Native.OFFLINE_FILTER.invokeExact(last.code(), header, data) != 0;
            } catch (Throwable t) {
                throw new IllegalStateException("libpcap's filter failed", t);
            }
        }

        /**
         * After {@link #test} said no: why the packet could not be tested at all (libpcap has no program for its
         * link type: it cannot filter it, or the expression means nothing there), or null when the program ran and
         * rejected it. Such packets are not the filter's answer, so callers count them apart.
         */
        public String untested() {
            return last == null ? null : last.error();
        }
    }

    private Program program(int linkType) {
        return programs.computeIfAbsent(linkType, this::compileFor);
    }

    private Program compileFor(int linkType) {
        synchronized (COMPILER) {
            return compileLocked(linkType);
        }
    }

    private Program compileLocked(int linkType) {
        if (Native.failure != null) {
            return new Program(null, Native.failure);
        }
        try (Arena local = Arena.ofConfined()) {
            MemorySegment pcap = (MemorySegment) Native.OPEN_DEAD.invokeExact(dlt(linkType), SNAPLEN);
            if (pcap.equals(MemorySegment.NULL)) {
                return new Program(null, "libpcap cannot filter link type " + LinkType.name(linkType));
            }
            try {
                MemorySegment program = arena.allocate(PROGRAM_BYTES, 8);
                int result = (int) Native.COMPILE.invokeExact(pcap, program, local.allocateFrom(expression), 1,
                        PCAP_NETMASK_UNKNOWN);
                if (result != 0) {
                    MemorySegment message = (MemorySegment) Native.GET_ERROR.invokeExact(pcap);
                    return new Program(null, "'" + expression + "': " + message.reinterpret(512).getString(0));
                }
                return new Program(program, null);
            } finally {
                Native.CLOSE.invokeExact(pcap);
            }
        } catch (Throwable t) {
            return new Program(null, "libpcap could not compile '" + expression + "': " + t.getMessage());
        }
    }

    /**
     * The DLT_ value libpcap's compiler takes for a LINKTYPE_ value from a file: the same number but for the few
     * that differ by platform (pcap-linktype(7)): LINKTYPE_RAW 101 is DLT_RAW, 12 on Linux.
     */
    private static int dlt(int linkType) {
        return switch (linkType) {
            case 100 -> 11; // ATM RFC 1483
            case 101 -> 12; // raw IP
            case 102 -> 15; // BSD/OS SLIP
            case 103 -> 16; // BSD/OS PPP
            default -> linkType;
        };
    }

    /** Frees the programs and the matchers' memory; no matcher of this filter may test a packet after it. */
    @Override
    public void close() {
        synchronized (COMPILER) { // not while a program is being compiled into the arena
            if (!arena.scope().isAlive()) {
                return; // closed already
            }
            for (Program p : programs.values()) {
                if (p.code() != null) {
                    try {
                        Native.FREE_CODE.invokeExact(p.code());
                    } catch (Throwable ignored) {
                        // freeing is best effort: the process ends soon after
                    }
                }
            }
            programs.clear();
            arena.close();
        }
    }

    /** libpcap's functions, looked up once; {@link #failure} says why when the library is missing. */
    private static final class Native {
        static final MethodHandle OPEN_DEAD;
        static final MethodHandle COMPILE;
        static final MethodHandle GET_ERROR;
        static final MethodHandle CLOSE;
        static final MethodHandle FREE_CODE;
        static final MethodHandle OFFLINE_FILTER;
        static final String failure;

        static {
            Linker linker = Linker.nativeLinker();
            SymbolLookup pcap = null;
            for (String name : LIBRARIES) {
                try {
                    pcap = SymbolLookup.libraryLookup(name, Arena.global());
                    break;
                } catch (IllegalArgumentException notThere) {
                    // try the next name
                }
            }
            MethodHandle open = null;
            MethodHandle compile = null;
            MethodHandle error = null;
            MethodHandle close = null;
            MethodHandle free = null;
            MethodHandle filter = null;
            String why = null;
            if (pcap == null) {
                why = "packet filters need libpcap, which is not installed (Debian: apt-get install libpcap0.8)";
            } else {
                var address = ValueLayout.ADDRESS;
                var integer = ValueLayout.JAVA_INT;
                open = linker.downcallHandle(pcap.findOrThrow("pcap_open_dead"),
                        FunctionDescriptor.of(address, integer, integer));
                compile = linker.downcallHandle(pcap.findOrThrow("pcap_compile"),
                        FunctionDescriptor.of(integer, address, address, address, integer, integer));
                error = linker.downcallHandle(pcap.findOrThrow("pcap_geterr"), FunctionDescriptor.of(address, address));
                close = linker.downcallHandle(pcap.findOrThrow("pcap_close"), FunctionDescriptor.ofVoid(address));
                free = linker.downcallHandle(pcap.findOrThrow("pcap_freecode"), FunctionDescriptor.ofVoid(address));
                // critical: a short call that does not block, and the packet may sit in a Java array (streams)
                filter = linker.downcallHandle(pcap.findOrThrow("pcap_offline_filter"),
                        FunctionDescriptor.of(integer, address, address, address), Linker.Option.critical(true));
            }
            OPEN_DEAD = open;
            COMPILE = compile;
            GET_ERROR = error;
            CLOSE = close;
            FREE_CODE = free;
            OFFLINE_FILTER = filter;
            failure = why;
        }
    }
}

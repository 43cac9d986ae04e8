package org.unveil.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.unveil.capture.PcapBuilder.Variant;

/**
 * Small capture files shared by the tests that must give the same answer however the bytes reach the
 * reader (mapped in tiny chunks, streamed, gzip-compressed). Each knows the frames a reader must deliver.
 */
public final class Fixtures {
    private static final long T0 = 1_700_000_000L;

    /** A fixture file: its bytes and the packets they hold. */
    public record Fixture(String name, byte[] bytes, List<Frame> frames) {
        public Path write(Path dir) {
            try {
                return Files.write(dir.resolve(name), bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private Fixtures() {
    }

    public static List<Fixture> all() {
        return List.of(
                pcap("micros-le.pcap", Variant.MICROS, ByteOrder.LITTLE_ENDIAN, 1),
                pcap("nanos-be.pcap", Variant.NANOS, ByteOrder.BIG_ENDIAN, 2),
                pcap("modified-le.pcap", Variant.MODIFIED, ByteOrder.LITTLE_ENDIAN, 3),
                pcap("modified-be.pcap", Variant.MODIFIED, ByteOrder.BIG_ENDIAN, 4),
                damagedPcap(),
                truncatedPcap(),
                jumboPcap(),
                pcapng(),
                damagedPcapng(),
                truncatedPcapng());
    }

    /** Records of sizes 0 to 1514 with seeded random bytes and timestamps 0.1 to 2 s apart. */
    private static PcapBuilder records(Variant variant, ByteOrder order, int count, long seed) {
        PcapBuilder pcap = PcapBuilder.ethernet(variant, order);
        Random random = new Random(seed);
        long fractionUnits = variant == Variant.NANOS ? 1_000_000_000L : 1_000_000L;
        long t = T0 * fractionUnits;
        for (int i = 0; i < count; i++) {
            int size = switch (i % 5) {
                case 0 -> 0;
                case 1 -> 1514;
                default -> random.nextInt(1, 600);
            };
            byte[] data = new byte[size];
            random.nextBytes(data);
            t += random.nextLong(fractionUnits / 10, fractionUnits * 2);
            int original = i % 7 == 3 ? size + 100 : size;
            pcap.record(t / fractionUnits, t % fractionUnits, data, original);
        }
        return pcap;
    }

    private static Fixture pcap(String name, Variant variant, ByteOrder order, long seed) {
        PcapBuilder pcap = records(variant, order, 40, seed);
        return new Fixture(name, pcap.toArray(), pcap.frames());
    }

    /** Ten good records, one claiming 0x40000000 bytes, ten more. */
    private static Fixture damagedPcap() {
        PcapBuilder pcap = records(Variant.MICROS, ByteOrder.LITTLE_ENDIAN, 10, 5);
        pcap.damagedRecord(T0 + 100, 0, 0x4000_0000, Payloads.pattern(300, 1));
        for (int i = 0; i < 10; i++) {
            pcap.record(T0 + 101 + i, i * 1000, Payloads.pattern(50 + 20 * i, i));
        }
        return new Fixture("damaged.pcap", pcap.toArray(), Frame.renumber(pcap.frames()));
    }

    /** Twenty records, the last cut after 7 of its bytes. */
    private static Fixture truncatedPcap() {
        PcapBuilder pcap = records(Variant.NANOS, ByteOrder.LITTLE_ENDIAN, 20, 6);
        long last = pcap.offset();
        pcap.record(T0 + 500, 1, Payloads.pattern(400, 2));
        List<Frame> frames = pcap.frames();
        return new Fixture("truncated.pcap", Arrays.copyOf(pcap.toArray(), (int) last + 16 + 7),
                frames.subList(0, frames.size() - 1));
    }

    /** Records of 3 MB and 1.5 MB (snaplen 8 MiB) between small ones: larger than a stream's first buffer. */
    private static Fixture jumboPcap() {
        PcapBuilder pcap = new PcapBuilder(Variant.NANOS, ByteOrder.BIG_ENDIAN, LinkType.RAW, 8 << 20);
        Random random = new Random(8);
        int i = 0;
        for (int size : new int[] {60, 3_000_000, 10, 1_500_000, 0, 70}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            pcap.record(T0 + i, i++, data);
        }
        return new Fixture("jumbo.pcap", pcap.toArray(), pcap.frames());
    }

    /** Sections in both byte orders, interfaces at four resolutions, and every kind of block. */
    private static PcapngBuilder mixed() {
        PcapngBuilder ng = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN);
        int eth = ng.iface(LinkType.ETHERNET, 65535);
        int raw = ng.iface(LinkType.RAW, 256, PcapngBuilder.RESOL_NANOS, 0);
        ng.nrb();
        Random random = new Random(7);
        for (int i = 0; i < 15; i++) {
            byte[] data = new byte[random.nextInt(0, 700)];
            random.nextBytes(data);
            ng.epb(i % 2 == 0 ? eth : raw, (i % 2 == 0 ? T0 * 1_000_000L : T0 * 1_000_000_000L) + i * 7919L, data,
                    data.length + (i % 3), i % 4 == 0);
        }
        ng.isb(eth, T0 * 1_000_000L).dsb().custom(PcapngBuilder.CUSTOM).block(0x0000_0777, 50);
        ng.section(ByteOrder.BIG_ENDIAN);
        int ms = ng.iface(LinkType.LINUX_SLL, 65535, PcapngBuilder.RESOL_MILLIS, 0);
        int bin = ng.iface(LinkType.IPV4, 65535, PcapngBuilder.RESOL_BINARY_20, 7200);
        for (int i = 0; i < 15; i++) {
            byte[] data = new byte[random.nextInt(0, 700)];
            random.nextBytes(data);
            if (i % 5 == 4) {
                ng.spb(data, data.length);
            } else if (i % 5 == 3) {
                ng.opb(ms, T0 * 1000 + i, data, data.length);
            } else {
                ng.epb(bin, (T0 << 20) + i * 104_729L, data, data.length, i % 2 == 1);
            }
        }
        ng.custom(PcapngBuilder.CUSTOM_NO_COPY);
        return ng;
    }

    private static Fixture pcapng() {
        PcapngBuilder ng = mixed();
        return new Fixture("mixed.pcapng", ng.toArray(), ng.frames());
    }

    /** Ten Enhanced Packet Blocks in a big-endian section, the fifth with its trailer overwritten. */
    private static Fixture damagedPcapng() {
        PcapngBuilder ng = new PcapngBuilder().section(ByteOrder.BIG_ENDIAN);
        int eth = ng.iface(LinkType.ETHERNET, 65535);
        for (int i = 0; i < 4; i++) {
            ng.epb(eth, T0 * 1_000_000L + i, Payloads.pattern(100 + i, i));
        }
        ng.epb(eth, T0 * 1_000_000L + 4, Payloads.pattern(200, 4)).forgetLastFrame();
        ng.overwrite(ng.offset() - 4, 0x0000_1000);
        for (int i = 5; i < 10; i++) {
            ng.epb(eth, T0 * 1_000_000L + i, Payloads.pattern(100 + i, i));
        }
        return new Fixture("damaged.pcapng", ng.toArray(), Frame.renumber(ng.frames()));
    }

    /** The mixed file cut in the middle of its last packet block. */
    private static Fixture truncatedPcapng() {
        PcapngBuilder ng = mixed();
        long last = ng.offset();
        ng.epb(0, T0 * 1000, Payloads.pattern(300, 9));
        List<Frame> frames = ng.frames();
        return new Fixture("truncated.pcapng", Arrays.copyOf(ng.toArray(), (int) last + 100),
                frames.subList(0, frames.size() - 1));
    }

    public static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

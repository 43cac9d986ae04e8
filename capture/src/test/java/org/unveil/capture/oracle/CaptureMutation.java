package org.unveil.capture.oracle;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * One seeded mutation of one seed file: truncated, bit-flipped, a run overwritten, a 32-bit field set to an
 * extreme value (lengths!), or spliced with another file. Shared by the readers' fuzzing here and the commands'
 * sweep in the cli module, so that a failure anywhere can be replayed from the record's printed form.
 */
public record CaptureMutation(int seed, int kind, int position, int length, int value, int otherSeed) {
    /** The next mutation a seeded generator picks. */
    public static CaptureMutation random(Random random) {
        return new CaptureMutation(random.nextInt(10_000), random.nextInt(5), random.nextInt(),
                random.nextInt(1 << 16), random.nextInt(256), random.nextInt(10_000));
    }

    /** The mutated bytes of seed file {@code seed} (modulo the number of files). */
    public byte[] apply(List<byte[]> files) {
        byte[] base = files.get(seed % files.size());
        if (base.length == 0) {
            return base;
        }
        int at = Math.floorMod(position, base.length);
        return switch (kind) {
            case 0 -> Arrays.copyOf(base, at); // truncated
            case 1 -> { // bit flips
                byte[] b = base.clone();
                for (int i = 0; i < 1 + length % 8; i++) {
                    int p = Math.floorMod(at + i * 7919, b.length);
                    b[p] ^= (byte) (1 << ((value + i) & 7));
                }
                yield b;
            }
            case 2 -> { // a run overwritten with one byte (0x00, 0xff or anything)
                byte[] b = base.clone();
                Arrays.fill(b, at, Math.min(b.length, at + 1 + length % 64), (byte) value);
                yield b;
            }
            case 3 -> { // a 32-bit field overwritten with an extreme value (lengths!)
                byte[] b = base.clone();
                int[] extremes = {0, -1, 0x7FFFFFFF, 0x80000000, 0x00010000, 12, 13, value};
                int v = extremes[length & 7];
                for (int i = 0; i < 4 && at + i < b.length; i++) {
                    b[at + i] = (byte) (v >>> (8 * i));
                }
                yield b;
            }
            default -> { // spliced: head of this file, tail of another
                byte[] other = files.get(otherSeed % files.size());
                int from = other.length == 0 ? 0 : Math.floorMod(value, other.length);
                byte[] b = Arrays.copyOf(base, at + other.length - from);
                System.arraycopy(other, from, b, at, other.length - from);
                yield b;
            }
        };
    }
}

package org.unveil.balance.schedulers;

/** Bob Jenkins' lookup3 hash as the Linux kernel's jhash.h has it, one-word form only. */
final class Jhash {
    private static final int INITVAL = 0xdeadbeef;

    private Jhash() {
    }

    /** {@code jhash_1word(a, initval)}. */
    static int oneWord(int a, int initval) {
        int seeded = initval + INITVAL + (1 << 2);
        return finalMix(a + seeded, seeded, seeded);
    }

    /** {@code __jhash_final(a, b, c)}, returning c. */
    private static int finalMix(int a, int b, int c) {
        c ^= b;
        c -= Integer.rotateLeft(b, 14);
        a ^= c;
        a -= Integer.rotateLeft(c, 11);
        b ^= a;
        b -= Integer.rotateLeft(a, 25);
        c ^= b;
        c -= Integer.rotateLeft(b, 16);
        a ^= c;
        a -= Integer.rotateLeft(c, 4);
        b ^= a;
        b -= Integer.rotateLeft(a, 14);
        c ^= b;
        c -= Integer.rotateLeft(b, 24);
        return c;
    }
}

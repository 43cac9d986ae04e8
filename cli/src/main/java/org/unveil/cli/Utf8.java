package org.unveil.cli;

/** Tells well-formed UTF-8 (RFC 3629) in text that holds one char per byte, as captured payloads are read. */
final class Utf8 {
    private Utf8() {
    }

    /**
     * The length of the UTF-8 sequence starting at {@code at}, or 0 when the bytes there are not one: a stray
     * continuation byte, an overlong form, a surrogate, a code point above U+10FFFF, or a sequence cut short.
     */
    static int sequenceLength(CharSequence bytes, int at) {
        int lead = bytes.charAt(at);
        int length;
        int low = 0x80;
        int high = 0xBF; // the second byte's range; RFC 3629 section 4 narrows it after E0, ED, F0, F4
        if (lead < 0x80) {
            return 1;
        } else if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            low = lead == 0xE0 ? 0xA0 : 0x80;
            high = lead == 0xED ? 0x9F : 0xBF;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            low = lead == 0xF0 ? 0x90 : 0x80;
            high = lead == 0xF4 ? 0x8F : 0xBF;
        } else {
            return 0;
        }
        if (at + length > bytes.length()) {
            return 0;
        }
        for (int k = 1; k < length; k++) {
            int b = bytes.charAt(at + k);
            if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) {
                return 0;
            }
        }
        return length;
    }
}

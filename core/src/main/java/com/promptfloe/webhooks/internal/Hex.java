package com.promptfloe.webhooks.internal;

/** Lower-case hex, without a String per byte; {@code java.util.HexFormat} allocates more per call. */
public final class Hex {

    private static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Hex() {
    }

    /**
     * Encodes bytes as lower-case hex.
     *
     * @param bytes the bytes
     * @return two characters per byte
     */
    public static String encode(byte[] bytes) {
        byte[] out = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xF];
        }
        return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Decodes hex of either case from part of a string.
     *
     * @param text the text
     * @param from first index, inclusive
     * @param to last index, exclusive; {@code to - from} must be even
     * @return the bytes, or {@code null} when a character is not a hex digit
     */
    public static byte[] decode(CharSequence text, int from, int to) {
        byte[] out = new byte[(to - from) / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(text.charAt(from + 2 * i), 16);
            int lo = Character.digit(text.charAt(from + 2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }
}

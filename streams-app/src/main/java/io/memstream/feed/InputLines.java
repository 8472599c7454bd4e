package io.memstream.feed;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a JSON-lines input as bytes, so that one bad line is one bad line: a {@link java.io.Reader} over
 * UTF-8 fails the whole read at the first malformed byte, and reading a line as a String holds all of it however
 * long it is. Here a line longer than {@code maxLineBytes} keeps only its first {@code keptBytes} bytes (for its
 * dead letter) and its length, and {@link #text} decodes a line strictly, naming the first byte that is not UTF-8.
 * A {@code \r} before the line feed and a UTF-8 byte-order mark at the start of the input are not part of a line.
 */
final class InputLines {

    /** One line: its number from 1, its bytes (only the first ones when {@link #tooLong()}), its length in bytes. */
    record Line(long number, byte[] bytes, long length) {

        boolean tooLong() {
            return length > bytes.length;
        }

        boolean isBlank() {
            for (byte b : bytes) {
                if (b != ' ' && b != '\t') {
                    return false;
                }
            }
            return true;
        }
    }

    private final InputStream input;
    private final int maxLineBytes;
    private final int keptBytes;
    private long lineNumber;
    private boolean atStart = true;

    /** Lines of {@code input}; a line over {@code maxLineBytes} keeps its first {@code keptBytes} bytes. */
    InputLines(InputStream input, int maxLineBytes, int keptBytes) {
        this.input = new BufferedInputStream(input, 64 * 1024);
        this.maxLineBytes = maxLineBytes;
        this.keptBytes = Math.min(keptBytes, maxLineBytes);
    }

    /** The next line, or null at the end of the input. */
    Line next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        long length = 0;
        int b;
        while ((b = input.read()) != -1 && b != '\n') {
            length++;
            if (length <= maxLineBytes) {
                line.write(b);
            }
        }
        if (b == -1 && length == 0) {
            return null;
        }
        lineNumber++;
        byte[] bytes = line.toByteArray();
        int start = atStart && startsWithByteOrderMark(bytes) ? 3 : 0;
        atStart = false;
        if (length > maxLineBytes) {
            return new Line(lineNumber, Arrays.copyOf(bytes, keptBytes), length);
        }
        int end = bytes.length > start && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        if (start > 0 || end < bytes.length) {
            bytes = Arrays.copyOfRange(bytes, start, end);
        }
        return new Line(lineNumber, bytes, bytes.length);
    }

    /** The line as text; {@link IllegalArgumentException} names the first byte that is not UTF-8. */
    static String text(Line line) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(line.bytes());
        try {
            return decoder.decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not valid UTF-8: byte " + (bytes.position() + 1) + " of the line is 0x"
                    + String.format("%02x", line.bytes()[bytes.position()]) + "; write the input as UTF-8");
        }
    }

    private static boolean startsWithByteOrderMark(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF;
    }
}

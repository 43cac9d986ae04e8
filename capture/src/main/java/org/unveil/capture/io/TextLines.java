package org.unveil.capture.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a text file (a CSV of labels or flows) line by line and says in plain words, with the line number, when
 * it is not text: a binary file would otherwise fail deep in the decoder with "Input length = 1" and no line.
 */
public final class TextLines implements AutoCloseable {
    private final Path file;
    private final BufferedReader in;
    private int number;

    private TextLines(Path file, BufferedReader in) {
        this.file = file;
        this.in = in;
    }

    /** @throws IOException "file: no such file" or "file: is a folder, not a text file" */
    public static TextLines open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a folder, not a text file");
        }
        try {
            // bytes that are not UTF-8 become U+FFFD, so the line they are on can be named
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            return new TextLines(file, new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder)));
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        }
    }

    /** The next line, or null at the end. */
    public String next() throws IOException {
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        number++;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\uFFFD') {
                throw new IOException(file + ": line " + number + ": bytes that are not UTF-8 text; is it a CSV"
                        + " file?");
            }
            if (c < 0x20 && c != '\t' && c != '\r') {
                throw new IOException(String.format("%s: line %d: a control byte 0x%02x; is it a CSV file?", file,
                        number, (int) c));
            }
        }
        return line;
    }

    /** The number of the line {@link #next} returned last, from 1. */
    public int number() {
        return number;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

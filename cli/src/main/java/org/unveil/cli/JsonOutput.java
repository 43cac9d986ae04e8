package org.unveil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;

/** Writes a command's report as indented JSON followed by a newline, leaving the stream open. */
final class JsonOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    static void write(OutputStream out, Object report) throws IOException {
        MAPPER.writeValue(new NonClosing(out), report);
        out.write('\n');
    }
}

package org.unveil.cli;

import com.fasterxml.jackson.core.JsonGenerator;
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

    /**
     * Writes {@code {"KEY": [ITEM, …]}} one item at a time, byte for byte as {@link #write} writes the whole map:
     * a report too big to hold (the hosts of a million addresses) is written as it is made.
     */
    static final class Array {
        private final OutputStream out;
        private final JsonGenerator json;

        Array(OutputStream out, String key) throws IOException {
            this.out = out;
            this.json = MAPPER.writer().createGenerator(new NonClosing(out));
            json.writeStartObject();
            json.writeFieldName(key);
            json.writeStartArray();
        }

        void add(Object item) throws IOException {
            MAPPER.writeValue(json, item);
        }

        /** Closes the array and the object, with the newline {@link #write} ends with. */
        void finish() throws IOException {
            json.writeEndArray();
            json.writeEndObject();
            json.close();
            out.write('\n');
        }
    }
}

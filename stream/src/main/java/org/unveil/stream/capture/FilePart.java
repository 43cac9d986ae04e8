package org.unveil.stream.capture;

/**
 * One task of a capture job: part {@code part} of the {@code parts} parts the capture pipeline splits file
 * {@code name} into (at record boundaries; 1 part for a file read whole), {@code file} its place among the run's
 * files.
 */
public record FilePart(int file, String name, int part, int parts) {
}

package org.unveil.capture.pipeline;

/**
 * One part of one capture as a sink sees it: the file's index among the run's files and its name, the part's
 * index in the file (0 for a file read whole) and whether it is the file's last part.
 */
public record Part(int file, String name, int index, boolean last) {
}

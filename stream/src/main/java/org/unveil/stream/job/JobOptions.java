package org.unveil.stream.job;

/**
 * What the scan job reads and writes. {@code store} is a postgresql:// URL; {@code geoFile} null means the geo table
 * shipped with `unveil scan`; {@code bounded}: stop at the offsets the topic had when the job started (a batch run:
 * tests, `scan pipeline --until-end`), else run until cancelled. {@code checkpoints} null keeps checkpoints in memory
 * (a restart within the run restores from them); a folder keeps them there, and a later run resumes from the newest.
 */
public record JobOptions(String brokers, String topic, String enrichedTopic, String store, String geoFile,
        boolean bounded, long checkpointMillis, int parallelism, String checkpoints) {
}

package org.unveil.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.unveil.scan.block.TargetPlan;
import org.unveil.scan.geo.GeoTable;
import org.unveil.scan.ingest.Format;
import org.unveil.scan.ingest.Ingest;
import org.unveil.scan.run.ZmapOptions;
import org.unveil.scan.run.ZmapRunner;
import org.unveil.scan.run.ZmapStatus;
import org.unveil.scan.store.ResultWriter;
import org.unveil.scan.store.ScanInfo;
import org.unveil.scan.store.ScanStore;
import org.unveil.scan.store.StoreException;

/** The two ways results enter a store: a file ingested, a zmap run driven; each records its scan and targets. */
public final class Scans {
    private Scans() {
    }

    /** An ingest's outcome: the read and how many (address, port) rows it stored. */
    public record Ingested(Ingest.Result read, long rows) {
    }

    /**
     * Reads {@code in} into a new scan {@code name}; {@code targets} (may be empty) are the ranges the scan covered,
     * for hit rates. A file with no result line stores nothing.
     */
    public static Ingested ingest(ScanStore store, GeoTable geo, String name, String source, InputStream in,
            Format format, String probe, int port, List<long[]> targets, int maxProblems)
            throws IOException, StoreException, Ingest.UnknownFormat {
        return ingest(store, geo, name, source, probe, port, targets,
                writer -> Ingest.read(in, source, format, writer, maxProblems));
    }

    /**
     * Reads the regular file {@code file} (named {@code source} in messages) into a new scan {@code name}, as the
     * stream form does, its parts on as many threads as there are cores (zmap csv: see
     * {@link Ingest#read(Path, String, Format, Ingest.PartSinks, int, int)}).
     */
    public static Ingested ingest(ScanStore store, GeoTable geo, String name, String source, Path file,
            Format format, String probe, int port, List<long[]> targets, int maxProblems)
            throws IOException, StoreException, Ingest.UnknownFormat {
        int parts = Math.min(Runtime.getRuntime().availableProcessors(), ResultWriter.MAX_PARTS);
        return ingest(store, geo, name, source, probe, port, targets,
                writer -> Ingest.read(file, source, format, writer::part, parts, maxProblems));
    }

    /** How an ingest reads its input into the writer. */
    @FunctionalInterface
    private interface Reading {
        Ingest.Result into(ResultWriter writer) throws IOException, Ingest.UnknownFormat;
    }

    private static Ingested ingest(ScanStore store, GeoTable geo, String name, String source, String probe, int port,
            List<long[]> targets, Reading reading) throws IOException, StoreException, Ingest.UnknownFormat {
        long id = store.createScan(new ScanInfo(0, name, probe, port, source, null, null, -1, null, null, null), geo);
        boolean done = false;
        try (ResultWriter writer = store.results(id, geo)) {
            Ingest.Result read = reading.into(writer);
            long rows = writer.finish();
            store.addTargets(id, targets);
            try (var p = store.connection().prepareStatement("UPDATE scans SET format = ? WHERE id = ?")) {
                p.setString(1, read.format() == null ? null : read.format().label());
                p.setLong(2, id);
                p.execute();
            }
            done = true;
            return new Ingested(read, rows);
        } catch (java.sql.SQLException e) {
            throw new StoreException("cannot record the scan: " + e.getMessage().strip().lines().findFirst().orElse(""), e);
        } catch (ResultWriter.WriteFailed e) {
            throw (StoreException) e.getCause();
        } finally {
            if (!done) {
                store.deleteScan(id);
            }
        }
    }

    /** A run's outcome. */
    public record Ran(ZmapRunner.Outcome zmap, long rows) {
    }

    /** Runs zmap on {@code plan} into a new scan {@code name}; its files go to {@code dir}. */
    public static Ran run(ScanStore store, GeoTable geo, String name, ZmapOptions options, TargetPlan plan, Path dir,
            Consumer<ZmapStatus> progress) throws IOException, StoreException, ZmapRunner.Failed {
        String scanner = ZmapRunner.version(options.command()).text();
        long id = store.createScan(new ScanInfo(0, name, options.probe().label(), options.port(), "zmap", "zmap-csv",
                Instant.now(), -1, scanner, null, null), geo);
        boolean done = false;
        try (ResultWriter writer = store.results(id, geo)) {
            ZmapRunner.Outcome outcome = ZmapRunner.run(options, plan, dir, writer, progress);
            long rows = writer.finish();
            store.addTargets(id, plan.allowed());
            store.finishScan(id, outcome.last() == null ? -1 : outcome.last().sent(), outcome.metadata());
            done = true;
            return new Ran(outcome, rows);
        } catch (ResultWriter.WriteFailed e) {
            throw (StoreException) e.getCause();
        } finally {
            if (!done) {
                store.deleteScan(id);
            }
        }
    }
}

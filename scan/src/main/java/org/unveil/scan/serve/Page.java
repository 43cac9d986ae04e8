package org.unveil.scan.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unveil.scan.Json;
import org.unveil.scan.report.ScanReport;
import org.unveil.scan.store.ScanInfo;
import org.unveil.scan.store.ScanStore;
import org.unveil.scan.store.StoreException;

/** The dashboard's page and its data: served by {@link Dashboard}, or one self-contained file for `report --html`. */
public final class Page {
    private static final String DATA_SLOT = "/*DATA*/null";

    private Page() {
    }

    /** The page as served: it reads the API. */
    public static byte[] dashboard() {
        return resource("dashboard.html");
    }

    /** The world map (country paths keyed by ISO alpha-2), as JSON. */
    public static byte[] world() {
        return resource("world.json");
    }

    /** The page with {@code report}, the store's scan list and the map inlined: opens offline, makes no request. */
    public static String standalone(List<ScanEntry> scans, ScanReport report) {
        String page = new String(dashboard(), StandardCharsets.UTF_8);
        String data = "{\"scans\":" + Json.of(Map.of("scans", scans)) + ",\"report\":" + Json.of(report)
                + ",\"world\":" + new String(world(), StandardCharsets.UTF_8).strip() + "}";
        int at = page.indexOf(DATA_SLOT);
        return page.substring(0, at) + data + page.substring(at + DATA_SLOT.length());
    }

    /** Every scan with its responders, oldest first. */
    public static List<ScanEntry> scans(ScanStore store) throws StoreException {
        Map<Long, Long> responders = new LinkedHashMap<>();
        try (PreparedStatement p = store.connection().prepareStatement(
                "SELECT scan, count(DISTINCT address) FROM results WHERE success GROUP BY scan");
                ResultSet r = p.executeQuery()) {
            while (r.next()) {
                responders.put(r.getLong(1), r.getLong(2));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the scans: " + String.valueOf(e.getMessage()).lines().findFirst()
                    .orElse(""), e);
        }
        List<ScanEntry> out = new ArrayList<>();
        for (ScanInfo s : store.scans()) {
            out.add(new ScanEntry(s.name(), s.probe(), s.port() < 0 ? null : s.port(),
                    s.started() == null ? null : s.started().toString(), s.sent() < 0 ? null : s.sent(), s.scanner(),
                    s.source(), s.format(), responders.getOrDefault(s.id(), 0L)));
        }
        return out;
    }

    private static byte[] resource(String name) {
        try (InputStream in = Page.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is missing from this build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

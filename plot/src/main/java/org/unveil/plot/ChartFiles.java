package org.unveil.plot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Charts to files and to bytes for embedding: PNG or SVG. */
public final class ChartFiles {
    private ChartFiles() {
    }

    /** Whether {@link #encode} can encode for a file of this name (it ends in .png or .svg, any case). */
    public static boolean supported(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".svg");
    }

    /** The chart as a PNG or SVG file's bytes, chosen by the extension of {@code file}. */
    public static byte[] encode(Chart<?, ?> chart, Path file) throws IOException {
        if (!supported(file)) {
            throw new IllegalArgumentException(file + ": the plot file must end in .png or .svg");
        }
        // XChart's own savers append the extension, which would double an upper-case one
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")
                ? svg(chart).getBytes(StandardCharsets.UTF_8) : png(chart);
    }

    public static byte[] png(Chart<?, ?> chart) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /** The chart as SVG text, for a file or for embedding in an HTML page. */
    public static String svg(Chart<?, ?> chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, (OutputStream) out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return out.toString(StandardCharsets.UTF_8);
    }
}

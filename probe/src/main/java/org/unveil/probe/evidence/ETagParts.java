package org.unveil.probe.evidence;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The parts of an ETag made from the file: Apache's inode-size-mtime and nginx's mtime-size. Servers that got one
 * file separately differ in inode or modification time, so the same page tells them apart.
 */
public final class ETagParts implements Extractor {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,16}");

    @Override
    public String name() {
        return "etag";
    }

    @Override
    public void extract(Reply reply, List<Evidence> out) {
        String etag = reply.first("ETag");
        if (etag == null) {
            return;
        }
        String tag = etag.startsWith("W/") ? etag.substring(2) : etag;
        tag = tag.replace("\"", "");
        String[] parts = tag.split("-");
        for (String p : parts) {
            if (!HEX.matcher(p).matches()) {
                return; // an opaque tag (a content hash) is the same on every server with the same file
            }
        }
        if (parts.length == 3) {
            // Apache: inode, size, mtime in microseconds
            String value = "inode " + parts[0] + " mtime " + parts[2];
            out.add(Evidence.of(Kind.ETAG, "etag", value, "ETag " + etag + " is inode-size-mtime: inode 0x" + parts[0]
                    + ", size " + Long.parseLong(parts[1], 16) + ", mtime " + time(parts[2], 1_000_000)));
        } else if (parts.length == 2) {
            // nginx: mtime in seconds, size
            out.add(Evidence.of(Kind.ETAG, "etag", "mtime " + parts[0], "ETag " + etag + " is mtime-size: mtime "
                    + time(parts[0], 1) + ", size " + Long.parseLong(parts[1], 16)));
        }
    }

    private static String time(String hex, long perSecond) {
        long v = Long.parseUnsignedLong(hex, 16);
        return Instant.ofEpochSecond(v / perSecond).toString();
    }
}

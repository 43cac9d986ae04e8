package org.unveil.probe.evidence;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The server's clock from its Date header: its second D was current at some instant between our request and the
 * response, so the offset (server minus us) lies in (D − received, D + 1 − sent). Many responses of one back-end
 * narrow the range to where its second flips.
 */
public final class DateClock implements Extractor {
    @Override
    public String name() {
        return "date-clock";
    }

    @Override
    public void extract(Reply reply, List<Evidence> out) {
        String date = reply.first("Date");
        if (date == null) {
            return;
        }
        long d;
        try {
            d = ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
        } catch (DateTimeParseException e) {
            return; // a malformed Date says nothing about the clock
        }
        double low = d - reply.receivedNanos() / 1e9;
        double high = d + 1 - reply.sentNanos() / 1e9;
        out.add(new Evidence(Kind.CLOCK, "date", String.format("%+d s", Math.round((low + high) / 2)),
                String.format("Date %s: clock offset between %+.3f and %+.3f s", date, low, high), low, high));
    }
}

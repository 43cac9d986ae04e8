package org.unveil.probe.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.probe.evidence.Header;
import org.unveil.probe.evidence.Reply;

/** halberd's and lbd's methods on replies made by hand, each back-end's clock and headers known. */
class BaselineMethodsTest {
    private static final long T0 = 1_760_000_000L;

    /** A reply received at local second {@code t} from a server whose clock is {@code skew} s ahead. */
    private static Reply reply(long t, long skew, String... headers) {
        List<Header> h = new ArrayList<>();
        h.add(new Header("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.ofEpochSecond(t + skew).atOffset(ZoneOffset.UTC))));
        for (int i = 0; i < headers.length; i += 2) {
            h.add(new Header(headers[i], headers[i + 1]));
        }
        long nanos = t * 1_000_000_000L + 500_000_000L;
        return new Reply(200, h, new byte[0], nanos - 1_000_000, nanos);
    }

    @Test
    void halberdTellsIdenticalServersApartOnlyByClocksMoreThanThreeSecondsApart() {
        List<Reply> skewed = new ArrayList<>();
        List<Reply> synced = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            skewed.add(reply(T0 + i, i % 2 == 0 ? 0 : 10, "Server", "nginx"));
            synced.add(reply(T0 + i, i % 2 == 0 ? 0 : 1, "Server", "nginx"));
        }
        assertThat(HalberdMethod.count(skewed)).isEqualTo(2);
        assertThat(HalberdMethod.count(synced)).as("NTP-synchronised back-ends collapse").isEqualTo(1);
    }

    @Test
    void halberdCountsHeaderValuesButNotTheirOrderNorPerRequestHeaders() {
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            replies.add(reply(T0 + i, 0, "X-Backend", "b" + i % 3, "Set-Cookie", "sid=" + i));
        }
        assertThat(HalberdMethod.count(replies)).isEqualTo(3);
        List<Reply> ordered = List.of(reply(T0, 0, "X-A", "1", "X-B", "1"), reply(T0 + 1, 0, "X-B", "1", "X-A", "1"));
        assertThat(HalberdMethod.count(ordered)).isEqualTo(1);
    }

    @Test
    void lbdSaysYesOnADateGoingBackOrHeadersDifferingAndNoOtherwise() {
        List<Reply> one = new ArrayList<>();
        List<Reply> clocks = new ArrayList<>();
        List<Reply> headers = new ArrayList<>();
        for (int i = 0; i < LbdMethod.REQUESTS; i++) {
            one.add(reply(T0 + i, 0, "Server", "nginx", "Set-Cookie", "sid=" + i));
            clocks.add(reply(T0 + i, i % 2 == 0 ? 0 : -5, "Server", "nginx"));
            headers.add(reply(T0 + i, 0, "Server", i % 2 == 0 ? "nginx" : "apache"));
        }
        assertThat(LbdMethod.of(one).balanced()).as(LbdMethod.of(one).why()).isFalse();
        assertThat(LbdMethod.of(clocks).balanced()).isTrue();
        assertThat(LbdMethod.of(clocks).why()).contains("went back");
        assertThat(LbdMethod.of(headers).balanced()).isTrue();
        assertThat(LbdMethod.of(headers).why()).contains("2 different header sets");
    }
}

package org.unveil.probe.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.probe.evidence.Evidence;
import org.unveil.probe.evidence.Kind;

class EstimatorTest {
    private static Evidence header(String v) {
        return Evidence.of(Kind.ID_HEADER, "header x-backend", v, "header X-Backend: " + v);
    }

    private static Evidence cookie(String name, String v) {
        return Evidence.of(Kind.COOKIE, "cookie " + name, v, "cookie " + name + "=" + v);
    }

    @Test
    void namesBackEndsByTheIdHeaderAndIgnoresSessions() {
        Estimator e = new Estimator(0.95);
        String[] order = {"b1", "b2", "b3"};
        for (int i = 0; i < 30; i++) {
            String b = order[i % 3];
            e.add(List.of(header(b), cookie("SID", "s" + i), cookie("lb", "x" + b)));
        }
        Estimate est = e.estimate();
        assertThat(est.key()).isEqualTo("header x-backend");
        assertThat(est.servers()).extracting(Server::id).containsExactly("b1", "b2", "b3");
        assertThat(est.servers()).allSatisfy(s -> assertThat(s.share().share()).isEqualTo(1 / 3.0));
        assertThat(est.ignored()).anyMatch(s -> s.startsWith("cookie SID: a new value on each"));
        assertThat(est.policy().guess()).isEqualTo("roundrobin");
        // the affinity-like cookie shows as evidence of each server, the session cookie not at all
        assertThat(est.servers().getFirst().evidence()).extracting(Item::key).contains("cookie lb")
                .doesNotContain("cookie SID");
    }

    @Test
    void aCookieOfAnyNameNamesServersOnceItRepeats() {
        Estimator e = new Estimator(0.95);
        e.add(List.of(cookie("route", "r1")));
        e.add(List.of(cookie("route", "r2")));
        assertThat(e.counts()).isEmpty(); // two values in two responses: could be a session
        for (int i = 0; i < 10; i++) {
            e.add(List.of(cookie("route", i % 2 == 0 ? "r1" : "r2")));
        }
        assertThat(e.counts()).containsExactly(6, 6);
        assertThat(e.estimate().key()).isEqualTo("cookie route");
    }

    @Test
    void withoutEvidenceNothingIsCounted() {
        Estimator e = new Estimator(0.95);
        for (int i = 0; i < 10; i++) {
            e.add(List.of(cookie("SID", "s" + i)));
        }
        Estimate est = e.estimate();
        assertThat(est.key()).isNull();
        assertThat(est.servers()).isEmpty();
        assertThat(est.policy().guess()).isEqualTo("unknown");
    }
}

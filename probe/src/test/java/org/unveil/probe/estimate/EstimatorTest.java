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
    void eightDistinctIdsOfSixteenBackEndsAreServersNotRequests() {
        // behind 16 equal back-ends the first 8 responses all differ one time in eight: the id header must still
        // name them, and the ETag every back-end shares must not make them one (found behind DNAT with MDA's rule)
        Estimator e = new Estimator(0.95);
        for (int i = 0; i < 8; i++) {
            e.add(List.of(header("b" + i), etag("same")));
        }
        assertThat(e.estimate().key()).isEqualTo("header x-backend");
        assertThat(e.counts()).hasSize(8);
        assertThat(e.estimate().count().highCount()).isGreaterThan(8);
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

    private static Evidence etag(String mtime) {
        return Evidence.of(Kind.ETAG, "etag", "mtime " + mtime, "ETag mtime " + mtime);
    }

    private static Evidence headers(String set) {
        return Evidence.of(Kind.HEADER_SET, "header-set", set, "headers " + set);
    }

    /** A Date range as a response of a server whose clock is {@code offset} s from ours would give. */
    private static Evidence date(double offset, double at) {
        double d = Math.floor(at + offset);
        return new Evidence(Kind.CLOCK, "date", "", "Date", d - (at + 0.01), d + 1 - at);
    }

    @Test
    void weakEvidencesTogetherTellApartWhatNoneDoesAlone() {
        // four back-ends: the ETag mtime splits {1,2} from {3,4}, the header set {1,3} from {2,4}, and the clock
        // is 5 s off on 1 and 4 only; no key alone gives more than two groups, all three together give four
        double[] offsets = {5, 0, 0, 5};
        String[] mtimes = {"a", "a", "b", "b"};
        String[] sets = {"200 date,etag,x-frame", "200 date,etag", "200 date,etag,x-frame", "200 date,etag"};
        java.util.Random rnd = new java.util.Random(16);
        Estimator e = new Estimator(0.95);
        int[] truth = new int[4];
        List<Integer> served = new java.util.ArrayList<>();
        for (int i = 0; i < 80; i++) {
            int b = rnd.nextInt(4);
            truth[b]++;
            served.add(b);
            e.add(List.of(etag(mtimes[b]), headers(sets[b]), date(offsets[b], 1_700_000_000 + i * 0.137)));
        }
        Estimate est = e.estimate();
        assertThat(est.key()).isEqualTo("etag + header-set + date clock");
        assertThat(est.servers()).hasSize(4);
        assertThat(est.identified()).isEqualTo(80);
        assertThat(java.util.Arrays.stream(e.counts()).sorted().toArray())
                .containsExactly(java.util.Arrays.stream(truth).sorted().toArray());
        // each response is put with its own back-end: same truth, same group, and no group holds two truths
        List<String> of = e.serverOfEach();
        java.util.Map<String, Integer> truthOf = new java.util.HashMap<>();
        for (int i = 0; i < of.size(); i++) {
            assertThat(truthOf.computeIfAbsent(of.get(i), k -> -1)).isIn(-1, served.get(of.indexOf(of.get(i))));
            truthOf.put(of.get(i), served.get(i));
        }
        assertThat(est.servers().getFirst().why()).startsWith("told apart by all of etag = mtime ");
    }

    @Test
    void conflictingKeysKeepResponsesApartAndAMissingKeyJoinsTheOnlyMatch() {
        Estimator e = new Estimator(0.95);
        for (int i = 0; i < 20; i++) {
            // four back-ends: the ETag and the header set each split them in two, in crossing ways
            e.add(List.of(etag(i % 2 == 0 ? "a" : "b"), headers(i % 4 < 2 ? "h" : "k")));
        }
        e.add(List.of(etag("a"), headers("k"))); // a combination seen before: that back-end
        e.add(List.of(etag("a"))); // no header set: agrees with two back-ends, so left unidentified
        assertThat(e.counts()).containsExactly(5, 5, 6, 5);
        assertThat(e.serverOfEach().subList(20, 22)).containsExactly("mtime a / k", null);
    }

    @Test
    void synchronisedClocksTellNothingAndTrustedIdsAreUsedAlone() {
        Estimator e = new Estimator(0.95);
        for (int i = 0; i < 30; i++) {
            String b = "b" + (i % 3);
            // the ETag differs per request on b0 (a generated page): beside an id header it must not split b0
            e.add(List.of(header(b), etag(b.equals("b0") ? "x" + i : "same"), date(0, 1_700_000_000 + i * 0.2)));
        }
        assertThat(e.estimate().key()).isEqualTo("header x-backend");
        assertThat(e.counts()).containsExactly(10, 10, 10);
    }

    @Test
    void manyBackEndsSeenOnceOrTwiceKeepTheRunGoing() {
        Estimator e = new Estimator(0.95);
        for (int i = 0; i < 21; i++) {
            e.add(List.of(etag("m" + (i < 10 ? i : i % 11)))); // 11 ETags over 21 responses: too many to be servers yet
        }
        assertThat(e.counts()).isEmpty();
        assertThat(e.evidencePending()).isTrue();
        Estimator sessions = new Estimator(0.95);
        for (int i = 0; i < 21; i++) {
            sessions.add(List.of(cookie("SID", "s" + i)));
        }
        assertThat(sessions.evidencePending()).isFalse();
    }

    @Test
    void aLaterResponseIsMatchedByAnyValueItSharesWithOneBackEnd() {
        Estimator e = new Estimator(0.95);
        String[] order = {"b1", "b2", "b3"};
        for (int i = 0; i < 30; i++) {
            String b = order[i % 3];
            e.add(List.of(header(b), etag(b.equals("b3") ? "m2" : "m1" + b), headers("200 a,b,set-cookie"),
                    cookie("SID", "s" + i)));
        }
        // no id header (a balancer that saw its own cookie sends none back): the ETag alone names b1
        assertThat(e.match(List.of(etag("m1b1"), headers("200 a,b")))).isEqualTo("b1");
        // m2 is b3's only
        assertThat(e.match(List.of(etag("m2")))).isEqualTo("b3");
        // an id no back-end showed: not one of them
        assertThat(e.match(List.of(header("b9"), etag("m1b1")))).isNull();
        // a header set all three share, and a session: nothing tells
        assertThat(e.match(List.of(headers("200 a,b,set-cookie"), cookie("SID", "s1")))).isNull();
        // a weak value none showed is passed over, a known id still decides
        assertThat(e.match(List.of(header("b2"), etag("new")))).isEqualTo("b2");
    }

    private static Evidence synAck(String signature) {
        return Evidence.of(Kind.TCP, "syn-ack", signature, "the connection's SYN-ACK: " + signature);
    }

    private static Evidence tcpClock(long offset) {
        return new Evidence(Kind.TCP_CLOCK, "tcp clock", "offset " + offset, "offset " + offset, offset, offset);
    }

    @Test
    void identicalResponsesAreCountedFromTheirSynAcksAndSaySo() {
        // labelled: three back-ends, identical HTTP (one ETag, one header set), SYN-ACKs of three stacks, weights 3:2:1
        Estimator e = new Estimator(0.95);
        String[] stacks = {"ttl 63, ws10", "ttl 127, ws10", "ttl 254, ws9"};
        int[] truth = new int[3];
        java.util.Random random = new java.util.Random(16);
        for (int i = 0; i < 60; i++) {
            int b = i % 6 < 3 ? 0 : i % 6 < 5 ? 1 : 2;
            truth[b]++;
            // Linux draws each connection's timestamp offset anew: a random one per response
            e.add(List.of(etag("same"), headers("200 server,date"), synAck(stacks[b]),
                    tcpClock(random.nextLong(1L << 32))));
        }
        Estimate est = e.estimate();
        assertThat(est.tcpOnly()).isTrue();
        assertThat(est.key()).contains("syn-ack").doesNotContain("tcp clock");
        assertThat(est.servers()).extracting(Server::requests).containsExactly(truth[0], truth[1], truth[2]);
        // named by what told them apart: the ETag and header set all share name none of them
        assertThat(est.servers()).extracting(Server::id).containsExactly(stacks);
        assertThat(est.servers().getFirst().why()).isEqualTo("named by syn-ack = ttl 63, ws10");
        assertThat(est.ignored()).anyMatch(s -> s.startsWith("tcp clock: a clock of its own on each of 60"));
    }

    @Test
    void perHostTcpClocksLinkConnectionsAndCountWhereSignaturesAreAlike() {
        // labelled: four back-ends with one SYN-ACK signature, each a 1 kHz clock of its own offset (BSD, Windows,
        // older Linux), a few ms of jitter between connections: the clock alone tells them apart
        Estimator e = new Estimator(0.95);
        long[] offsets = {1_000_000L, 2_500_000_000L, 3_000_000_000L, 3_000_000_200L};
        java.util.Random random = new java.util.Random(9);
        int[] truth = new int[4];
        for (int i = 0; i < 80; i++) {
            int b = random.nextInt(4);
            truth[b]++;
            e.add(List.of(etag("same"), synAck("ttl 64"), tcpClock(offsets[b] + random.nextInt(5))));
        }
        Estimate est = e.estimate();
        assertThat(est.tcpOnly()).isTrue();
        assertThat(est.key()).contains("tcp clock");
        assertThat(est.servers()).hasSize(4);
        List<Integer> seen = new java.util.ArrayList<>(est.servers().stream().map(Server::requests).toList());
        List<Integer> expected = new java.util.ArrayList<>(java.util.Arrays.stream(truth).boxed().toList());
        seen.sort(null);
        expected.sort(null);
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void tcpEvidenceBesideAnIdHeaderIsNotWhatCounts() {
        Estimator e = new Estimator(0.95);
        for (int i = 0; i < 30; i++) {
            e.add(List.of(header("b" + i % 3), synAck(i % 2 == 0 ? "ttl 64" : "ttl 128")));
        }
        assertThat(e.estimate().key()).isEqualTo("header x-backend");
        assertThat(e.estimate().tcpOnly()).isFalse();
        // and HTTP evidence that splits keeps the count from being TCP's alone
        Estimator w = new Estimator(0.95);
        for (int i = 0; i < 30; i++) {
            w.add(List.of(headers(i % 2 == 0 ? "a" : "b"), synAck(i % 2 == 0 ? "ttl 64" : "ttl 128")));
        }
        assertThat(w.counts()).hasSize(2);
        assertThat(w.estimate().tcpOnly()).isFalse();
    }

    @Test
    void twoProxiesBeforeThreeBackEndsAreNotSixWhenHttpTellsTheBackEndsApart() {
        // labelled: two TCP-terminating proxies behind DNAT, each spreading over the same three back-ends, which
        // differ in their ETag mtimes: the stacks are the proxies', so HTTP's three back-ends are the count
        Estimator e = new Estimator(0.95);
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 60; i++) {
            e.add(List.of(etag("m" + i % 3), headers("200 server,date"),
                    synAck(random.nextBoolean() ? "ttl 64" : "ttl 128")));
        }
        assertThat(e.counts()).containsExactly(20, 20, 20);
        assertThat(e.estimate().key()).doesNotContain("syn-ack");
        assertThat(e.estimate().tcpOnly()).isFalse();
    }
}

package org.unveil.probe;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.unveil.probe.estimate.Estimator;
import org.unveil.probe.estimate.StoppingRule;
import org.unveil.probe.evidence.Evidence;
import org.unveil.probe.evidence.Extractors;
import org.unveil.probe.evidence.Reply;

/**
 * Probes one target at a time: GET requests at the asked rate and concurrency, each response through every
 * extractor, until the stopping rule holds, the budget is spent, the target proves unreachable or no evidence
 * tells back-ends apart. A 429 or 503 slows the run down (Retry-After, then half the rate).
 */
public final class Probe {
    /** This many failures before any response: the target is not answering. */
    static final int UNREACHABLE_AFTER = 5;
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long a response waits for its connection's SYN-ACK to come out of tcpdump's pipe (it is there in ms). */
    private static final long SYN_ACK_WAIT_MILLIS = 500;

    private final ProbeOptions options;
    private final Extractors extractors;
    private final StoppingRule rule;

    public Probe(ProbeOptions options) {
        this.options = options;
        this.extractors = new Extractors(options.idHeaders(), options.idRegex());
        this.rule = new StoppingRule(options.confidence(), options.minWeight());
    }

    /** Probes {@code target} to the end; what was learnt is kept whatever stopped it. */
    public TargetResult run(Target target) throws InterruptedException, GeneralSecurityException {
        Run run = new Run();
        Semaphore inFlight = new Semaphore(options.concurrency());
        SynAckCapture capture = null;
        String noCapture = null;
        if (options.tcp()) {
            try {
                capture = SynAckCapture.start(target);
            } catch (IOException e) {
                noCapture = Failures.describe(e);
            }
        }
        try (Fetcher fetcher = new Fetcher(options, target);
             ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            long interval = (long) (1e9 / options.rate());
            long next = System.nanoTime();
            int sent = 0;
            while (sent < options.maxRequests() && run.stop() == null) {
                long wait = Math.max(next, run.notBefore()) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                inFlight.acquire();
                if (run.stop() != null) {
                    inFlight.release();
                    break;
                }
                int seq = sent++;
                SynAckCapture tcp = capture;
                next = Math.max(next + interval * run.slowdown(), System.nanoTime());
                workers.submit(() -> {
                    try {
                        Reply reply = fetcher.fetch();
                        // the SYN-ACK is evidence of the response like its headers: a key of the estimate
                        SynAck synAck = tcp == null ? null : tcp.await(reply.localPort(), SYN_ACK_WAIT_MILLIS);
                        run.done(seq, reply, synAck == null ? List.of() : synAck.evidence(), null);
                    } catch (IOException | RuntimeException e) {
                        run.done(seq, null, List.of(), Failures.describe(e));
                    } finally {
                        inFlight.release();
                    }
                    return null;
                });
            }
            workers.shutdown();
            workers.awaitTermination(1, TimeUnit.DAYS); // every request has its own timeout
            Map<Integer, SynAck> synAcks = Map.of();
            if (capture != null) {
                capture.close();
                synAcks = capture.byPort();
                capture = null;
            }
            Stickiness sticky = run.stop() == Stop.UNREACHABLE ? CookieAffinity.untested("the target did not answer")
                    : cookieAffinity(target, run);
            TargetResult r = run.result(target, sent, sticky, null);
            TcpVerdict tcp = !options.tcp() ? null : noCapture != null ? TcpVerdict.unknown(noCapture)
                    : TcpVerdict.of(r.responses(), synAcks, r.estimate().tcpOnly());
            return new TargetResult(r.target(), r.probes(), r.failures(), r.stoppedBecause(), r.budget(),
                    r.estimate(), r.responses(), r.stickiness(), tcp);
        } finally {
            if (capture != null) {
                capture.close(); // a run that ended early must not leave tcpdump running
            }
        }
    }

    /** Cookie stickiness, on new connections whatever --keep-alive says: a kept connection would stick by itself. */
    private Stickiness cookieAffinity(Target target, Run run) throws InterruptedException, GeneralSecurityException {
        ProbeOptions fresh = new ProbeOptions(false, options.resolve(), options.rate(), options.concurrency(),
                options.maxRequests(), options.timeout(), options.confidence(), options.minWeight(),
                options.idHeaders(), options.idRegex(), options.http(), false, options.caCerts(), options.tickets());
        try (Fetcher f = new Fetcher(fresh, target)) {
            return new CookieAffinity(f, extractors, options).test(run.estimator, run.cookieSetter());
        }
    }

    /** A response waiting for its turn in send order; {@code cookies} is what it set, as a Cookie header, or null. */
    private record Answer(long receivedNanos, int status, List<Evidence> evidence, int localPort, String cookies) {
    }

    /** The state of one target's run, shared with the request threads under its lock. */
    private final class Run {
        private final Estimator estimator = new Estimator(options.confidence());
        // responses that came before an earlier-sent one: held so the estimator sees send order
        private final TreeMap<Integer, Answer> early = new TreeMap<>();
        // the responses in send order, for the per-response rows
        private final List<Answer> answers = new ArrayList<>();
        private final Map<String, Integer> failures = new TreeMap<>();
        private int nextSeq;
        private int answered;
        private int slowdown = 1;
        private long notBefore;
        private Stop stop;

        synchronized void done(int seq, Reply reply, List<Evidence> tcp, String failure) {
            if (reply == null) {
                failures.merge(failure, 1, Integer::sum);
                early.put(seq, null);
            } else {
                answered++;
                if (reply.status() == 429 || reply.status() == 503) {
                    backOff(reply.first("Retry-After"));
                }
                List<Evidence> evidence = new ArrayList<>(extractors.extract(reply));
                evidence.addAll(tcp);
                early.put(seq, new Answer(reply.receivedNanos(), reply.status(), List.copyOf(evidence),
                        reply.localPort(), CookieAffinity.cookieHeader(reply)));
            }
            while (!early.isEmpty() && early.firstKey() == nextSeq) {
                Answer a = early.pollFirstEntry().getValue();
                nextSeq++;
                if (a != null) {
                    estimator.add(a.evidence());
                    answers.add(a);
                }
            }
            judge();
        }

        private void judge() {
            if (stop != null) {
                return;
            }
            int failed = failures.values().stream().mapToInt(Integer::intValue).sum();
            if (answered == 0 && failed >= UNREACHABLE_AFTER) {
                stop = Stop.UNREACHABLE;
                return;
            }
            int[] counts = estimator.counts();
            if (counts.length > 0 && rule.satisfied(counts)) {
                stop = Stop.CONFIDENT;
            } else if (counts.length == 0 && estimator.responses() >= rule.budget(1) && !estimator.evidencePending()) {
                stop = Stop.NO_EVIDENCE;
            }
        }

        private void backOff(String retryAfter) {
            long wait = TimeUnit.SECONDS.toNanos(1);
            if (retryAfter != null && retryAfter.strip().matches("\\d{1,6}")) {
                wait = TimeUnit.SECONDS.toNanos(Long.parseLong(retryAfter.strip()));
            }
            notBefore = System.nanoTime() + Math.min(wait, MAX_BACKOFF_NANOS);
            slowdown = Math.min(slowdown * 2, 64);
        }

        synchronized Stop stop() {
            return stop;
        }

        synchronized long notBefore() {
            return notBefore;
        }

        synchronized int slowdown() {
            return slowdown;
        }

        /** The first response that set cookies and was put with a back-end: its cookies and that back-end. */
        synchronized String[] cookieSetter() {
            List<String> servers = estimator.serverOfEach();
            for (int i = 0; i < answers.size(); i++) {
                if (answers.get(i).cookies() != null && servers.get(i) != null) {
                    return new String[] {answers.get(i).cookies(), servers.get(i)};
                }
            }
            return null;
        }

        synchronized TargetResult result(Target target, int sent, Stickiness sticky, TcpVerdict tcp) {
            int[] counts = estimator.counts();
            Stop why = stop != null ? stop : Stop.MAX_REQUESTS;
            List<String> servers = estimator.serverOfEach();
            double[] confidence = estimator.confidenceOfEach();
            List<ResponseRow> rows = new ArrayList<>(answers.size());
            for (int i = 0; i < answers.size(); i++) {
                Answer a = answers.get(i);
                rows.add(new ResponseRow(a.receivedNanos(), a.status(), a.evidence(), servers.get(i), a.localPort(),
                        confidence[i]));
            }
            return new TargetResult(target, sent, failures, why, rule.budget(Math.max(1, counts.length)),
                    estimator.estimate(), rows, sticky, tcp);
        }
    }
}

package org.unveil.stream.job;

import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.util.function.SerializableFunction;

/**
 * A bounded source that also ends when its job is restored from a checkpoint. Kafka's bounded source does not:
 * its enumerator, recreated from state, finds every partition already assigned and so never tells the readers
 * that no more splits come (FLINK-31006, open in connector 5.0); they read to their stopping offsets and then wait
 * for ever. Here a restored enumerator's readers are told so once its own work is done: its asynchronous calls
 * (partition discovery, then the offsets of new partitions) have all returned, and it did not say so itself. A
 * split restored from an unbounded run's checkpoint has no end; {@code bound} gives it one.
 */
final class RestorableBoundedSource<T, S extends SourceSplit, E> implements Source<T, S, E>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final Source<T, S, E> source;
    private final TypeInformation<T> type;
    private final SerializableFunction<S, S> bound;

    /** {@code bound} returns a split that ends (itself if it does). */
    RestorableBoundedSource(Source<T, S, E> source, TypeInformation<T> type, SerializableFunction<S, S> bound) {
        if (source.getBoundedness() != Boundedness.BOUNDED) {
            throw new IllegalArgumentException("not a bounded source");
        }
        this.source = source;
        this.type = type;
        this.bound = bound;
    }

    @Override
    public Boundedness getBoundedness() {
        return source.getBoundedness();
    }

    @Override
    public SourceReader<T, S> createReader(SourceReaderContext context) throws Exception {
        return new BoundingReader<>(source.createReader(context), bound);
    }

    @Override
    public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> context) throws Exception {
        return source.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> context, E checkpoint) throws Exception {
        Ending<S> ending = new Ending<>(context);
        return new EndingEnumerator<>(source.restoreEnumerator(ending, checkpoint), ending);
    }

    @Override
    public SimpleVersionedSerializer<S> getSplitSerializer() {
        return source.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
        return source.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }

    /**
     * The restored enumerator's context: passes everything through, keeps which registered readers were told that
     * no more splits come and how many of the enumerator's asynchronous calls are still out, and tells the
     * others once none is. All of it runs in the coordinator's one thread (handlers and enumerator calls alike).
     */
    static final class Ending<S extends SourceSplit> implements SplitEnumeratorContext<S> {
        private final SplitEnumeratorContext<S> context;
        private final Set<Integer> told = new HashSet<>();
        private int pending;
        private boolean settled;

        Ending(SplitEnumeratorContext<S> context) {
            this.context = context;
        }

        /** A reader (re)registers: a new attempt has heard nothing yet. */
        void forget(int subtask) {
            told.remove(subtask);
        }

        /** Tells every registered reader not yet told, once the enumerator has nothing left to find. */
        void endIfSettled() {
            if (!settled) {
                return;
            }
            for (int subtask : context.registeredReaders().keySet()) {
                if (!told.contains(subtask)) {
                    signalNoMoreSplits(subtask);
                }
            }
        }

        @Override
        public void signalNoMoreSplits(int subtask) {
            told.add(subtask);
            context.signalNoMoreSplits(subtask);
        }

        @Override
        public <V> void callAsync(Callable<V> callable, BiConsumer<V, Throwable> handler) {
            pending++;
            context.callAsync(callable, (value, error) -> {
                try {
                    handler.accept(value, error);
                } finally {
                    pending--;
                    if (pending == 0 && error == null) {
                        settled = true;
                        endIfSettled();
                    }
                }
            });
        }

        @Override
        public <V> void callAsync(Callable<V> callable, BiConsumer<V, Throwable> handler, long initialDelay,
                long period) {
            // periodic discovery: a source that keeps finding partitions is not one that ends
            context.callAsync(callable, handler, initialDelay, period);
        }

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            return context.metricGroup();
        }

        @Override
        public void sendEventToSourceReader(int subtask, SourceEvent event) {
            context.sendEventToSourceReader(subtask, event);
        }

        @Override
        public void sendEventToSourceReader(int subtask, int attempt, SourceEvent event) {
            context.sendEventToSourceReader(subtask, attempt, event);
        }

        @Override
        public int currentParallelism() {
            return context.currentParallelism();
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return context.registeredReaders();
        }

        @Override
        public Map<Integer, Map<Integer, ReaderInfo>> registeredReadersOfAttempts() {
            return context.registeredReadersOfAttempts();
        }

        @Override
        public void assignSplits(SplitsAssignment<S> assignment) {
            context.assignSplits(assignment);
        }

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            context.runInCoordinatorThread(runnable);
        }

        @Override
        public void setIsProcessingBacklog(boolean backlog) {
            context.setIsProcessingBacklog(backlog);
        }
    }

    /** The restored enumerator, with its readers told of the end through {@link Ending}. */
    private record EndingEnumerator<S extends SourceSplit, E>(SplitEnumerator<S, E> enumerator, Ending<S> ending)
            implements SplitEnumerator<S, E> {
        @Override
        public void start() {
            enumerator.start();
        }

        @Override
        public void handleSplitRequest(int subtask, String host) {
            enumerator.handleSplitRequest(subtask, host);
        }

        @Override
        public void addSplitsBack(List<S> splits, int subtask) {
            enumerator.addSplitsBack(splits, subtask);
        }

        @Override
        public void addReader(int subtask) {
            ending.forget(subtask);
            enumerator.addReader(subtask); // assigns what is pending for it first, and may tell it itself
            ending.endIfSettled();
        }

        @Override
        public E snapshotState(long checkpointId) throws Exception {
            return enumerator.snapshotState(checkpointId);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            enumerator.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void handleSourceEvent(int subtask, SourceEvent event) {
            enumerator.handleSourceEvent(subtask, event);
        }

        @Override
        public void close() throws IOException {
            enumerator.close();
        }
    }

    /** A reader whose splits, restored or assigned, all end. */
    private record BoundingReader<T, S extends SourceSplit>(SourceReader<T, S> reader, SerializableFunction<S, S> bound)
            implements SourceReader<T, S> {
        @Override
        public void addSplits(List<S> splits) {
            reader.addSplits(splits.stream().map(bound).toList());
        }

        @Override
        public void start() {
            reader.start();
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            return reader.pollNext(output);
        }

        @Override
        public List<S> snapshotState(long checkpointId) {
            return reader.snapshotState(checkpointId);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return reader.isAvailable();
        }

        @Override
        public void notifyNoMoreSplits() {
            reader.notifyNoMoreSplits();
        }

        @Override
        public void handleSourceEvents(SourceEvent event) {
            reader.handleSourceEvents(event);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            reader.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            reader.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public void pauseOrResumeSplits(Collection<String> pause, Collection<String> resume) {
            reader.pauseOrResumeSplits(pause, resume);
        }

        @Override
        public void close() throws Exception {
            reader.close();
        }
    }
}

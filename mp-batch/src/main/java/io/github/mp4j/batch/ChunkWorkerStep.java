package io.github.mp4j.batch;

import java.io.Serial;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * A chunk-oriented partition in a worker JVM: the worker builds the partition's reader,
 * processor and writer with an {@link ItemStepFactory} from the partition's execution context,
 * then reads {@code chunkSize} items, processes each (a {@code null} result filters the item
 * out), writes the chunk and lets its streams save their state, until the reader returns
 * {@code null}. This is the loop of a local chunk-oriented step, run where the data is read.
 *
 * <pre>{@code
 * WorkerStep sales = ChunkWorkerStep.of(500, new ItemStepFactory<String, Sale>() {
 *     public ItemReader<String> reader(ExecutionContext partition) {
 *         return new LineRangeReader(partition);            // the range a partitioner chose
 *     }
 *     public ItemProcessor<String, Sale> processor(ExecutionContext partition) {
 *         return Sale::parse;
 *     }
 *     public ItemWriter<Sale> writer(ExecutionContext partition) {
 *         return new SalesTotalsWriter();                   // an ItemStream: totals saved per chunk
 *     }
 * });
 * }</pre>
 *
 * <p>A failure stops the partition: the report is {@code FAILED} with the counts and the
 * execution context of the last completed chunk (the failed chunk is rolled back, as locally),
 * so a restart of the job resumes the partition where its streams said. Skips and retries of
 * single items belong in the processor (or use {@link ProcessPoolItemProcessor} in a local
 * step); a partition is the unit the pool retries when a worker dies.
 *
 * @param <I> the items read
 * @param <O> the items written
 */
public final class ChunkWorkerStep<I, O> implements WorkerStep {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int chunkSize;
    private final ItemStepFactory<I, O> factory;

    private ChunkWorkerStep(int chunkSize, ItemStepFactory<I, O> factory) {
        this.chunkSize = chunkSize;
        this.factory = factory;
    }

    /**
     * @param <I> the items read
     * @param <O> the items written
     * @param chunkSize items per chunk (a chunk is written at once, then the streams save their state)
     * @param factory builds the reader, processor and writer in the worker
     * @return the worker step
     * @throws IllegalArgumentException if {@code chunkSize < 1}
     */
    public static <I, O> ChunkWorkerStep<I, O> of(int chunkSize, ItemStepFactory<I, O> factory) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be >= 1, was " + chunkSize);
        }
        if (factory == null) {
            throw new IllegalArgumentException("factory must not be null");
        }
        return new ChunkWorkerStep<>(chunkSize, factory);
    }

    @Override
    public PartitionReport execute(WorkerPartition partition) throws Exception {
        ExecutionContext context = partition.executionContext();
        Items<I, O> items = new Items<>(factory.reader(context), factory.processor(context), factory.writer(context));
        ExecutionContext committed = new ExecutionContext(context);
        Tally tally = new Tally();
        try {
            items.open(context);
            while (runChunk(items, context, tally)) {
                committed = new ExecutionContext(context);
            }
            committed = new ExecutionContext(context);
            items.close();
            return PartitionReport.completed(tally.committed(), committed);
        } catch (Exception | Error failure) {
            items.closeAfter(failure);
            return PartitionReport.failed(tally.rolledBack(), committed, failure);
        }
    }

    /** Runs one chunk; returns whether the reader may have more. */
    private boolean runChunk(Items<I, O> items, ExecutionContext context, Tally tally) throws Exception {
        List<I> read = new ArrayList<>(chunkSize);
        I item = null;
        while (read.size() < chunkSize && (item = items.reader.read()) != null) {
            read.add(item);
        }
        if (read.isEmpty()) {
            return false;
        }
        List<O> processed = new ArrayList<>(read.size());
        for (I in : read) {
            O out = items.processor.process(in);
            if (out != null) {
                processed.add(out);
            }
        }
        items.writer.write(new Chunk<>(processed));
        items.update(context);
        tally.commit(read.size(), read.size() - processed.size(), processed.size());
        return item != null;
    }

    /** The reader, processor and writer of one partition, and their streams. */
    private record Items<I, O>(ItemReader<? extends I> reader, ItemProcessor<? super I, ? extends O> processor,
                               ItemWriter<? super O> writer) {

        List<ItemStream> streams() {
            List<ItemStream> streams = new ArrayList<>(3);
            for (Object part : List.of(reader, processor, writer)) {
                if (part instanceof ItemStream stream && !streams.contains(stream)) {
                    streams.add(stream);
                }
            }
            return streams;
        }

        void open(ExecutionContext context) {
            streams().forEach(stream -> stream.open(context));
        }

        void update(ExecutionContext context) {
            streams().forEach(stream -> stream.update(context));
        }

        void close() {
            streams().forEach(ItemStream::close);
        }

        void closeAfter(Throwable failure) {
            for (ItemStream stream : streams()) {
                try {
                    stream.close();
                } catch (RuntimeException closing) {
                    failure.addSuppressed(closing);
                }
            }
        }
    }

    /** The counts of the completed chunks. */
    private static final class Tally {
        private long read;
        private long filtered;
        private long written;
        private long commits;

        void commit(long chunkRead, long chunkFiltered, long chunkWritten) {
            read += chunkRead;
            filtered += chunkFiltered;
            written += chunkWritten;
            commits++;
        }

        PartitionReport.Counts committed() {
            return new PartitionReport.Counts(read, filtered, written, commits, 0, 0, 0, 0);
        }

        PartitionReport.Counts rolledBack() {
            return new PartitionReport.Counts(read, filtered, written, commits, 0, 0, 0, 1);
        }
    }
}

package io.github.mp4j.batch;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The README's "Spring Batch" example, compiled and run by SalesJobTest: keep the two the same. */
@Configuration
public class SalesJobConfiguration {

    /** One sale: "region,amount in cents". */
    public record Sale(String region, long cents) {
        static Sale parse(String line) {
            int comma = line.indexOf(',');
            return new Sale(line.substring(0, comma), Long.parseLong(line.substring(comma + 1)));
        }
    }

    /** Built in each worker JVM from its partition's context: reads its byte range, sums per region. */
    static final class SalesItems implements ItemStepFactory<String, Sale> {
        @Override
        public ItemReader<String> reader(ExecutionContext partition) {
            return new LineRangeReader(partition);
        }

        @Override
        public ItemProcessor<String, Sale> processor(ExecutionContext partition) {
            return Sale::parse;
        }

        @Override
        public ItemWriter<Sale> writer(ExecutionContext partition) {
            return new RegionTotals();
        }
    }

    /** Keeps the partition's totals in its execution context: saved after each chunk, resumed on restart. */
    static final class RegionTotals implements ItemStreamWriter<Sale> {
        private HashMap<String, Long> totals = new HashMap<>();

        @Override
        @SuppressWarnings("unchecked")
        public void open(ExecutionContext context) {
            totals = new HashMap<>((Map<String, Long>) context.get("totals", Map.class, Map.of()));
        }

        @Override
        public void update(ExecutionContext context) {
            context.put("totals", new HashMap<>(totals));
        }

        @Override
        public void write(Chunk<? extends Sale> sales) {
            sales.forEach(sale -> totals.merge(sale.region(), sale.cents(), Long::sum));
        }
    }

    @Bean
    Step salesStep(JobRepository jobRepository, ProcessPoolBatchFactory mp4j, @Value("${sales.file}") Path file) {
        return new StepBuilder("sales", jobRepository)
                .partitioner("sales-range", new LineRangePartitioner(file))
                .partitionHandler(mp4j.partitionHandler(ChunkWorkerStep.of(1000, new SalesItems())))
                .build();
    }

    @Bean
    Job salesJob(JobRepository jobRepository, Step salesStep) {
        return new JobBuilder("sales", jobRepository).start(salesStep).build();
    }
}

package io.github.mp4j.batch;

import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.jdbc.support.JdbcTransactionManager;

/** An embedded H2 JobRepository and a JobOperator on it, for the tests; closed after the class. */
final class BatchRepository implements AutoCloseable {

    final EmbeddedDatabase database;
    final JdbcTransactionManager transactions;
    final JobRepository jobRepository;
    final JobOperator jobOperator;
    final MapJobRegistry jobRegistry = new MapJobRegistry();

    BatchRepository() throws Exception {
        database = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true)
                .addScript("/org/springframework/batch/core/schema-h2.sql").build();
        transactions = new JdbcTransactionManager(database);
        JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
        factory.setDataSource(database);
        factory.setTransactionManager(transactions);
        factory.afterPropertiesSet();
        jobRepository = factory.getObject();
        TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
        operator.setJobRepository(jobRepository);
        operator.setJobRegistry(jobRegistry);
        operator.afterPropertiesSet();
        jobOperator = operator;
    }

    /** Registers the job, replacing one of the same name: a restart finds its job here. */
    <J extends Job> J register(J job) throws Exception {
        jobRegistry.unregister(job.getName());
        jobRegistry.register(job);
        return job;
    }

    @Override
    public void close() {
        database.shutdown();
    }
}

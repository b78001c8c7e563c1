/**
 * Jobs: a {@link io.github.mp4j.demo.job.JobType} says how to split work into pool tasks and
 * merge their results; a {@link io.github.mp4j.demo.job.Job} is one run of it, with progress and
 * the result chunks that came back so far; the {@link io.github.mp4j.demo.job.JobService} runs
 * them on the shared {@link io.github.mp4j.pool.ProcessPool}.
 */
package io.github.mp4j.demo.job;

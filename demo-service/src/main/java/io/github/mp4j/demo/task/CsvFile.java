package io.github.mp4j.demo.task;

/**
 * One CSV file of the sales data set, to be written by a worker.
 *
 * @param path where it goes
 * @param rows how many orders it holds
 * @param seed the random generator's seed, so the same file comes out every time
 */
public record CsvFile(String path, long rows, long seed) {
}

package io.github.mp4j.demo.task;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one CSV file holds, per region.
 *
 * @param file the file's name
 * @param rows orders read
 * @param bytes the file's size
 * @param regions totals by region name, sorted
 */
public record FileAggregate(String file, long rows, long bytes, TreeMap<String, RegionTotals> regions) {

    /**
     * @param totals sales by region, merged into
     * @return {@code totals}, with this file's sales added
     */
    public Map<String, RegionTotals> addTo(Map<String, RegionTotals> totals) {
        regions.forEach((region, sales) -> totals.merge(region, sales, RegionTotals::plus));
        return totals;
    }
}

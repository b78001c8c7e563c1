package io.github.mp4j.demo.task;

/**
 * Sales of one region. Money is counted in cents so that totals merge exactly.
 *
 * @param orders how many orders
 * @param quantity items sold
 * @param revenueCents revenue, in cents
 */
public record RegionTotals(long orders, long quantity, long revenueCents) {

    /** No sales. */
    public static final RegionTotals NONE = new RegionTotals(0, 0, 0);

    /**
     * @param other more sales of the same region
     * @return both together
     */
    public RegionTotals plus(RegionTotals other) {
        return new RegionTotals(orders + other.orders, quantity + other.quantity, revenueCents + other.revenueCents);
    }
}

package org.example.gadget;

/**
 * An application's own value type, not on the allow-list until a test allows it.
 *
 * @param id the order
 * @param amount its amount
 */
public record Order(long id, double amount) {
}

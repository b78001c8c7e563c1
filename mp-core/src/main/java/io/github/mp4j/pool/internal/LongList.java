package io.github.mp4j.pool.internal;

import java.io.Serializable;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * An unmodifiable list of {@code Long}s over a primitive array: a map's results when every task
 * returned a {@code Long}. Elements are boxed as they are read; {@code Long} is a value-based
 * class, so only their identity differs from stored boxes.
 */
final class LongList extends AbstractList<Object> implements RandomAccess, Serializable {

    private static final long serialVersionUID = 1L;

    private final long[] values;

    LongList(long[] values) {
        this.values = values;
    }

    @Override
    public Object get(int index) {
        return values[index];
    }

    @Override
    public int size() {
        return values.length;
    }
}

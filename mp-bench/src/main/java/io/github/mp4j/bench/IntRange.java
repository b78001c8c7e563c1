package io.github.mp4j.bench;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.RandomAccess;

/**
 * Python's {@code range(start, stop)} as a read-only list: it holds two ints and boxes each item
 * when it is read, so building one costs nothing, as in Python.
 */
final class IntRange extends AbstractList<Integer> implements RandomAccess {

    private final int start;
    private final int stop;

    private IntRange(int start, int stop) {
        this.start = start;
        this.stop = Math.max(start, stop);
    }

    /**
     * @param start first item
     * @param stop end, exclusive
     * @return the range
     */
    static IntRange of(int start, int stop) {
        return new IntRange(start, stop);
    }

    @Override
    public Integer get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " of " + size());
        }
        return start + index;
    }

    @Override
    public int size() {
        return stop - start;
    }

    /** @return an iterator that does not go through {@link #get} (imap reads this one) */
    @Override
    public Iterator<Integer> iterator() {
        return new Iterator<>() {
            private int next = start;

            @Override
            public boolean hasNext() {
                return next < stop;
            }

            @Override
            public Integer next() {
                if (next >= stop) {
                    throw new NoSuchElementException();
                }
                return next++;
            }
        };
    }
}

package io.github.mp4j.sync;

/**
 * What {@link Lock#hold()} and {@link RLock#hold()} return: releases its lock on close. A class
 * rather than {@code lock::release}, because a method reference's first use spins a class at run
 * time, milliseconds of the first locked operation in a fresh child process.
 */
final class Releaser implements Lockable.Held {

    private final Lockable lock;

    Releaser(Lockable lock) {
        this.lock = lock;
    }

    @Override
    public void close() {
        lock.release();
    }
}

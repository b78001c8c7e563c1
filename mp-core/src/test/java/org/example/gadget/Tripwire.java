package org.example.gadget;

/**
 * A stand-in for a deserialization gadget: decoding it runs its static initializer, its
 * constructor, and (inside a hash set) its {@code hashCode}, any of which a real gadget would use
 * to run code. Each records that it ran in {@link TripwireLog}.
 */
public final class Tripwire {

    static {
        TripwireLog.INITIALIZED.incrementAndGet();
    }

    private final String command = "rm -rf /";

    /** Records the construction. */
    public Tripwire() {
        TripwireLog.CONSTRUCTED.incrementAndGet();
    }

    @Override
    public int hashCode() {
        TripwireLog.CALLED.incrementAndGet();
        return command.hashCode();
    }

    @Override
    public boolean equals(Object other) {
        TripwireLog.CALLED.incrementAndGet();
        return other instanceof Tripwire;
    }
}

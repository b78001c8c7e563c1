package org.example.gadget;

import java.io.Serializable;
import java.util.function.Supplier;

/** Serializable lambdas defined by an application class. */
public final class Lambdas {

    private Lambdas() {
    }

    /**
     * @param text what it supplies
     * @return a serializable lambda that captures {@code text}
     */
    public static Supplier<String> supplier(String text) {
        return (Supplier<String> & Serializable) () -> text;
    }
}

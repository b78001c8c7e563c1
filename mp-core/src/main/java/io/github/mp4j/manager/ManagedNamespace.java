package io.github.mp4j.manager;

import java.util.Map;
import java.util.Set;

/**
 * A bag of named attributes held by a {@link Manager} (Python's {@code manager.Namespace()},
 * whose {@code ns.x = 1} is {@code ns.set("x", 1)} here).
 */
public interface ManagedNamespace {

    /**
     * @param name an attribute
     * @param <T> the value's expected type
     * @return its value
     * @throws java.util.NoSuchElementException if there is no such attribute
     */
    <T> T get(String name);

    /**
     * @param name an attribute
     * @param value its new value
     */
    void set(String name, Object value);

    /**
     * @param name an attribute
     * @return whether it was there
     */
    boolean remove(String name);

    /**
     * @param name an attribute
     * @return whether it is there
     */
    boolean has(String name);

    /** @return the attribute names, a snapshot */
    Set<String> names();

    /** @return the attributes, a snapshot */
    Map<String, Object> asMap();
}

package io.github.mp4j.manager;

import io.github.mp4j.function.SerializableBiFunction;
import io.github.mp4j.function.SerializableFunction;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A map held by a {@link Manager} (Python's {@code manager.dict()}): every method is one round
 * trip to the manager, where it runs atomically with respect to every other call on this map.
 * Keys keep insertion order; {@code null} keys and values are allowed.
 *
 * <ul>
 *   <li>{@code putIfAbsent}, {@code compute}, {@code computeIfAbsent}, {@code computeIfPresent},
 *       {@code merge} and {@code replaceAll} run <b>in the manager</b>, atomically: no update is
 *       lost when many processes do {@code map.merge(key, 1, Integer::sum)} at once. Their
 *       functions travel to the manager, so they must be serializable: the overloads below take
 *       mp4j's serializable function types, which a lambda or method reference matches.</li>
 *   <li>{@code putAll} sends the whole map in one round trip.</li>
 *   <li>{@code keySet()}, {@code values()}, {@code entrySet()} and {@code forEach} work on a
 *       <b>snapshot</b> taken in one round trip: an unmodifiable copy that later changes do not
 *       affect and that does not write through.</li>
 * </ul>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface ManagedMap<K, V> extends Map<K, V> {

    /**
     * {@link Map#compute} with a function that can travel to the manager.
     *
     * @param key the key
     * @param remapping computes the new value from the key and the current value (or {@code null})
     * @return the new value, or {@code null} if the mapping was removed
     */
    default V compute(K key, SerializableBiFunction<? super K, ? super V, ? extends V> remapping) {
        return compute(key, (BiFunction<? super K, ? super V, ? extends V>) remapping);
    }

    /**
     * {@link Map#computeIfAbsent} with a function that can travel to the manager.
     *
     * @param key the key
     * @param mapping computes the value of an absent key
     * @return the current (existing or computed) value
     */
    default V computeIfAbsent(K key, SerializableFunction<? super K, ? extends V> mapping) {
        return computeIfAbsent(key, (Function<? super K, ? extends V>) mapping);
    }

    /**
     * {@link Map#computeIfPresent} with a function that can travel to the manager.
     *
     * @param key the key
     * @param remapping computes the new value from the key and the current value
     * @return the new value, or {@code null} if absent or removed
     */
    default V computeIfPresent(K key, SerializableBiFunction<? super K, ? super V, ? extends V> remapping) {
        return computeIfPresent(key, (BiFunction<? super K, ? super V, ? extends V>) remapping);
    }

    /**
     * {@link Map#merge} with a function that can travel to the manager.
     *
     * @param key the key
     * @param value the value to put if absent, or to merge with the current one
     * @param remapping merges the current value and {@code value}
     * @return the new value, or {@code null} if the mapping was removed
     */
    default V merge(K key, V value, SerializableBiFunction<? super V, ? super V, ? extends V> remapping) {
        return merge(key, value, (BiFunction<? super V, ? super V, ? extends V>) remapping);
    }
}

package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.util.MapReferenceResolver;

/**
 * Kryo's reference tracking (shared and cyclic references survive a message, as with pickle),
 * except for strings: they are values, so tracking them would only cost a map entry per string
 * on both sides, and a map to clear after every message. Two references to one string arrive as
 * two equal strings.
 */
final class ValueReferenceResolver extends MapReferenceResolver {

    @Override
    @SuppressWarnings("rawtypes") // Kryo's signature
    public boolean useReferences(Class type) {
        return type != String.class && super.useReferences(type);
    }
}

package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.util.DefaultClassResolver;

/**
 * Kryo's class resolver, with one check added: a class name read from a message of an untrusted
 * peer must be on the {@link io.github.mp4j.serial.DecodeAllowList} before Kryo looks it up.
 * Kryo asks {@link #getTypeByName} first for every name it reads, before its own
 * {@code Class.forName}, so a refused class is never loaded, initialized or instantiated.
 * Registered classes travel as IDs and are all JDK types that the allow-list accepts anyway.
 */
final class AllowListClassResolver extends DefaultClassResolver {

    @Override
    protected Class<?> getTypeByName(String className) {
        UntrustedPeer.check(className);
        return super.getTypeByName(className);
    }
}

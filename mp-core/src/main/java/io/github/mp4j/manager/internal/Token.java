package io.github.mp4j.manager.internal;

import io.github.mp4j.runtime.CurrentProcess;
import java.util.Arrays;

/**
 * What a proxy is (CPython's {@code Token}): the manager's address, the object's id and interface,
 * and the manager's auth key when it is not the process family's key ({@code null} otherwise: the
 * family key is every mp4j process's of the family already). What of it travels is
 * {@link ProxyHandler.Codec}'s business.
 *
 * @param address the manager's address, in {@code Address}'s text form
 * @param id the object's id in that manager
 * @param type the name of the object's interface
 * @param authKey the manager's key if it is not the family key, else {@code null}
 */
record Token(String address, long id, String type, byte[] authKey) {

    /**
     * @param address the manager's address
     * @param id the object's id
     * @param type the object's interface
     * @param key the manager's key
     * @return the token, carrying the key only if it is not the family's
     */
    static Token of(String address, long id, Class<?> type, byte[] key) {
        return new Token(address, id, type.getName(), Arrays.equals(key, CurrentProcess.authKey()) ? null : key.clone());
    }

    /** @return the key to connect with: its own, else the one this process knows for the address, else the family's */
    byte[] key() {
        return authKey != null ? authKey : Keys.of(address);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Token t && t.id == id && t.address.equals(address);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + address.hashCode();
    }

    @Override
    public String toString() {
        return type.substring(type.lastIndexOf('.') + 1) + "#" + id + " at " + address;
    }
}

package io.github.mp4j.serial.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * Java deserialization that finds classes through Kryo's class loader first, and that checks every
 * class an untrusted peer names against the allow-list before looking it up.
 */
final class LoaderObjectInputStream extends ObjectInputStream {

    private final ClassLoader loader;

    LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
        super(in);
        this.loader = loader;
    }

    /** Checks the name against the allow-list (for an untrusted peer's message) before looking the class up. */
    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        UntrustedPeer.check(desc.getName());
        try {
            return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException e) {
            return super.resolveClass(desc);
        }
    }

    /** A dynamic proxy is how gadget chains reach arbitrary methods: refused from untrusted peers. */
    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
        if (UntrustedPeer.active()) {
            throw new InvalidClassException("a dynamic proxy of " + String.join(", ", interfaces)
                    + " from an untrusted peer: proxies are never decoded across a trust boundary");
        }
        return super.resolveProxyClass(interfaces);
    }
}

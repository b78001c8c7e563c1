package io.github.mp4j.connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for TCP connections, with the JDK's own providers ({@code SSLEngine}): the bytes on the
 * wire are encrypted, and the connecting side checks the listener's certificate against its trust
 * store and the host name it connects to. The mp4j handshake (both sides prove the auth key)
 * still runs, inside TLS, before anything is decoded. Put the settings in
 * {@link ConnectionOptions#withTls}; Unix socket connections never use TLS.
 *
 * <p>A listener needs a key store (its certificate and private key); a connecting side needs a
 * trust store that holds the listener's certificate or its issuer. Both may have both. Files are
 * PKCS12 (or any type {@link KeyStore#getInstance(java.io.File, char[])} recognizes).
 *
 * <p>From system properties ({@link #fromSystemProperties()}): {@value #KEY_STORE},
 * {@value #KEY_STORE_PASSWORD}, {@value #TRUST_STORE}, {@value #TRUST_STORE_PASSWORD}.
 */
public final class TlsSettings {

    /** System property: the key store's path. */
    public static final String KEY_STORE = "mp4j.tls.keyStore";
    /** System property: the key store's password (also the key's). */
    public static final String KEY_STORE_PASSWORD = "mp4j.tls.keyStorePassword";
    /** System property: the trust store's path. */
    public static final String TRUST_STORE = "mp4j.tls.trustStore";
    /** System property: the trust store's password. */
    public static final String TRUST_STORE_PASSWORD = "mp4j.tls.trustStorePassword";

    private final SSLContext context;
    private final boolean verifyHostName;

    private TlsSettings(SSLContext context, boolean verifyHostName) {
        this.context = context;
        this.verifyHostName = verifyHostName;
    }

    /**
     * @param context a configured context, used as it is
     * @return settings that use it, checking the listener's host name
     */
    public static TlsSettings of(SSLContext context) {
        return new TlsSettings(context, true);
    }

    /**
     * @param keyStore the certificate and key this side presents, or {@code null} (a connecting side)
     * @param keyStorePassword its password (also the key's)
     * @param trustStore the certificates this side trusts, or {@code null} for the JDK's default ones
     * @param trustStorePassword its password
     * @return the settings
     * @throws ConnectionException if a store cannot be read, naming the file
     */
    public static TlsSettings of(Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword) {
        try {
            KeyManagerFactory keys = null;
            if (keyStore != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keyStore, keyStorePassword), keyStorePassword);
            }
            TrustManagerFactory trust = null;
            if (trustStore != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(trustStore, trustStorePassword));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return new TlsSettings(context, true);
        } catch (GeneralSecurityException e) {
            throw new ConnectionException("cannot set up TLS from key store " + keyStore + " and trust store " + trustStore
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return the settings the {@code mp4j.tls.*} system properties describe, or {@code null} if
     *     neither a key store nor a trust store is set
     */
    public static TlsSettings fromSystemProperties() {
        String keyStore = System.getProperty(KEY_STORE);
        String trustStore = System.getProperty(TRUST_STORE);
        if (keyStore == null && trustStore == null) {
            return null;
        }
        return of(keyStore == null ? null : Path.of(keyStore), password(KEY_STORE_PASSWORD),
                trustStore == null ? null : Path.of(trustStore), password(TRUST_STORE_PASSWORD));
    }

    /**
     * For tests on certificates without the right host name, or private networks that identify
     * peers by the auth key alone: the listener's certificate must still be trusted.
     *
     * @return a copy that does not check the listener's host name
     */
    public TlsSettings withoutHostNameCheck() {
        return new TlsSettings(context, false);
    }

    /** @return the JDK context the engines come from */
    public SSLContext context() {
        return context;
    }

    /** @return whether a connecting side checks that the listener's certificate names the host it connected to */
    public boolean verifiesHostName() {
        return verifyHostName;
    }

    private static KeyStore load(Path file, char[] password) throws GeneralSecurityException {
        if (!Files.isReadable(file)) {
            throw new ConnectionException("cannot read the TLS store " + file + ": no such readable file");
        }
        try {
            return KeyStore.getInstance(file.toFile(), password);
        } catch (IOException e) {
            throw new ConnectionException("cannot read the TLS store " + file + " (wrong password or format?): "
                    + e.getMessage(), e);
        }
    }

    private static char[] password(String property) {
        String value = System.getProperty(property);
        return value == null ? null : value.toCharArray();
    }

    @Override
    public String toString() {
        return "TlsSettings[" + context.getProtocol() + (verifyHostName ? "" : ", no host name check") + "]";
    }
}

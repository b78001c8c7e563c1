package io.github.mp4j.serial;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The classes this process decodes from a peer across a trust boundary: any peer on a TCP
 * connection, and peers on this machine too if {@value #TRUST_LOCAL_PEERS_PROPERTY} is
 * {@code false}. An authenticated peer has proven that it knows the auth key, not that it is
 * harmless; decoding an arbitrary class would let it have this process construct any object on
 * the class path, the raw material of a deserialization gadget chain.
 *
 * <p>Allowed without configuration:
 * <ul>
 *   <li>primitives, their boxes, {@code String}, and arrays of allowed classes;
 *   <li>JDK value types: {@code java.time}, {@code java.math}, {@code UUID}, {@code Optional},
 *       {@code Locale}, {@code Currency}, {@code Date}, {@code BitSet}, {@code URI}, {@code URL},
 *       {@code File}, {@code Path}, {@code Pattern}, IP and socket addresses, the atomic numbers,
 *       {@code Map.entry}, {@code TimeUnit};
 *   <li>JDK collections: the lists, sets, maps, queues and deques of {@code java.util} and
 *       {@code java.util.concurrent}, the immutable and unmodifiable ones, {@code EnumSet},
 *       {@code EnumMap}, and the JDK's natural and reverse order comparators;
 *   <li>the JDK's exceptions ({@code java.*} and {@code javax.*} classes whose name ends in
 *       {@code Exception} or {@code Error}), with their stack traces, causes and suppressed ones;
 *   <li>mp4j's own classes ({@code io.github.mp4j.*}): its messages, handles and exceptions.
 * </ul>
 * Anything else is allowed only if this process says so, before the peer sends it:
 * {@link #allow(Class...)}, {@link #allowPackage(String)}, or the system property
 * {@value #ALLOW_PROPERTY} (comma-separated class names, and package names ending in {@code .*}
 * for a package and its sub-packages). A class that is not allowed is refused with a
 * {@link SerializationException} that names it and these three ways; its name is checked before
 * the class is looked up, so the refused class is neither loaded nor initialized nor
 * instantiated, and the connection it came on goes on. Refusal is per message: the message is
 * dropped whole.
 *
 * <p>Lambdas and method references: one is decoded only if the class that defines it is allowed
 * (so, from a TCP peer, a lambda defined in the application's classes is refused until that class
 * or its package is allowed), and the values it captures must be allowed like any other.
 *
 * <p>Local peers (the children this process starts, and processes of the same user on this
 * machine, which connect through Unix sockets in the user's private directory) run the same
 * class path and are trusted by default: everything decodes. Start the JVM with
 * {@code -D}{@value #TRUST_LOCAL_PEERS_PROPERTY}{@code =false} to hold them to the allow-list too.
 */
public final class DecodeAllowList {

    /** System property: more allowed classes and packages, comma-separated ({@code com.example.Order,com.example.model.*}). */
    public static final String ALLOW_PROPERTY = "mp4j.serial.allow";

    /** System property: {@code false} holds peers on this machine to the allow-list too (default {@code true}). */
    public static final String TRUST_LOCAL_PEERS_PROPERTY = "mp4j.serial.trustLocalPeers";

    /** Exact names of JDK classes allowed. */
    private static final Set<String> JDK_CLASSES = Set.of(
            "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Short", "java.lang.Integer",
            "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.String", "java.lang.Void",
            "java.lang.Number", "java.lang.Object", "java.lang.Throwable", "java.lang.StackTraceElement",
            "java.lang.String$CaseInsensitiveComparator",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque", "java.util.Vector", "java.util.Stack",
            "java.util.PriorityQueue", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
            "java.util.Hashtable", "java.util.IdentityHashMap", "java.util.HashSet", "java.util.LinkedHashSet",
            "java.util.TreeSet", "java.util.EnumMap", "java.util.RegularEnumSet", "java.util.JumboEnumSet",
            "java.util.Arrays$ArrayList", "java.util.KeyValueHolder", "java.util.AbstractMap$SimpleEntry",
            "java.util.AbstractMap$SimpleImmutableEntry", "java.util.UUID", "java.util.Optional",
            "java.util.OptionalInt", "java.util.OptionalLong", "java.util.OptionalDouble", "java.util.Locale",
            "java.util.Currency", "java.util.Date", "java.util.BitSet", "java.util.regex.Pattern",
            "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentLinkedQueue",
            "java.util.concurrent.ConcurrentLinkedDeque", "java.util.concurrent.ConcurrentSkipListMap",
            "java.util.concurrent.ConcurrentSkipListSet", "java.util.concurrent.CopyOnWriteArrayList",
            "java.util.concurrent.CopyOnWriteArraySet", "java.util.concurrent.TimeUnit",
            "java.util.concurrent.atomic.AtomicInteger", "java.util.concurrent.atomic.AtomicLong",
            "java.util.concurrent.atomic.AtomicBoolean", "java.util.concurrent.atomic.AtomicReference",
            "java.net.URI", "java.net.URL", "java.net.InetAddress", "java.net.Inet4Address", "java.net.Inet6Address",
            "java.net.InetSocketAddress", "java.io.File");

    /** Prefixes of allowed names: whole packages, and the JDK's families of private collection classes. */
    private static final List<String> BUILT_IN_PREFIXES = List.of(
            "java.time.", "java.math.", "java.util.Collections$", "java.util.ImmutableCollections$",
            "java.util.Comparators$", "io.github.mp4j.");

    private static final List<String> ALLOWED_PREFIXES = new CopyOnWriteArrayList<>();
    private static final Set<String> ALLOWED_CLASSES = ConcurrentHashMap.newKeySet();

    static {
        String configured = System.getProperty(ALLOW_PROPERTY, "");
        for (String entry : configured.split(",")) {
            String name = entry.trim();
            if (name.endsWith(".*")) {
                allowPackage(name.substring(0, name.length() - 2));
            } else if (!name.isEmpty()) {
                ALLOWED_CLASSES.add(name);
            }
        }
    }

    private DecodeAllowList() {
    }

    /**
     * Allows these classes from untrusted peers, in this process, from now on.
     *
     * @param types the classes (a class's nested classes must be allowed on their own)
     */
    public static void allow(Class<?>... types) {
        for (Class<?> type : types) {
            ALLOWED_CLASSES.add(type.getName());
        }
    }

    /**
     * Allows every class of a package and of its sub-packages from untrusted peers, in this
     * process, from now on.
     *
     * @param packageName such as {@code com.example.model}
     */
    public static void allowPackage(String packageName) {
        if (packageName == null || packageName.isBlank() || packageName.endsWith(".")) {
            throw new IllegalArgumentException("a package name such as com.example.model is needed, was '" + packageName + "'");
        }
        ALLOWED_PREFIXES.add(packageName + ".");
    }

    /**
     * Checks a class by its name alone, without loading it.
     *
     * @param className a binary class name ({@code com.example.Outer$Inner}), or an array's
     *     ({@code [Lcom.example.Order;})
     * @return whether an untrusted peer may send it
     */
    public static boolean isAllowed(String className) {
        String name = elementName(className);
        if (name == null) {
            return true;
        }
        if (JDK_CLASSES.contains(name) || ALLOWED_CLASSES.contains(name) || hasPrefix(BUILT_IN_PREFIXES, name)
                || hasPrefix(ALLOWED_PREFIXES, name)) {
            return true;
        }
        return (name.startsWith("java.") || name.startsWith("javax."))
                && (name.endsWith("Exception") || name.endsWith("Error"));
    }

    /** @return whether peers on this machine (Unix sockets) decode everything, as by default */
    public static boolean trustsLocalPeers() {
        return !"false".equalsIgnoreCase(System.getProperty(TRUST_LOCAL_PEERS_PROPERTY, "true").trim());
    }

    /**
     * Checks a class by its name alone, without loading it.
     *
     * @param className a binary class name, or an array's
     * @throws SerializationException naming the class and the ways to allow it, if it is not allowed
     */
    public static void requireAllowed(String className) {
        if (!isAllowed(className)) {
            throw refusal(className);
        }
    }

    private static SerializationException refusal(String className) {
        String name = elementName(className);
        int dot = name.lastIndexOf('.');
        String pkg = dot < 0 ? name : name.substring(0, dot);
        return new SerializationException("refused to decode " + name + " from a peer across a trust boundary (a TCP"
                + " connection, or a local one with " + TRUST_LOCAL_PEERS_PROPERTY + "=false): it is not on the decode"
                + " allow-list, so it was not loaded or instantiated and the message was dropped. If that peer is meant to"
                + " send it, allow it in this process: DecodeAllowList.allow(" + name.replace('$', '.') + ".class),"
                + " DecodeAllowList.allowPackage(\"" + pkg + "\"), or -D" + ALLOW_PROPERTY + "=" + name + " (or " + pkg
                + ".*)");
    }

    /** @return the name of an array's element class, the name itself if not an array, null for primitives */
    private static String elementName(String className) {
        int dims = 0;
        while (dims < className.length() && className.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return className;
        }
        if (className.length() == dims + 1 && "ZBCSIJFD".indexOf(className.charAt(dims)) >= 0) {
            return null;
        }
        if (className.length() > dims + 2 && className.charAt(dims) == 'L' && className.endsWith(";")) {
            return className.substring(dims + 1, className.length() - 1);
        }
        return className;
    }

    private static boolean hasPrefix(List<String> prefixes, String name) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}

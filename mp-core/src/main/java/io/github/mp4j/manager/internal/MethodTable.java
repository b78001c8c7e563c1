package io.github.mp4j.manager.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The methods of a shared object's interface, numbered the same way in every JVM: sorted by name
 * and parameter types, one per signature. A proxy sends a method's number, the manager invokes the
 * method with that number on the object.
 *
 * <p>How a proxy runs each method ({@link Route}): default methods of mp4j's and the application's
 * interfaces run in the calling process (they are built on the others); the iterating and viewing
 * methods of {@code java.util} collections run on a snapshot; everything else runs in the manager.
 */
final class MethodTable {

    /** How a proxy runs a method. */
    enum Route { REMOTE, LOCAL_DEFAULT, SNAPSHOT }

    /** A method as a proxy runs it. */
    record Entry(Method method, short number, Route route) {
    }

    /** The collection methods that iterate or return views: they run on a snapshot. */
    private static final Set<String> SNAPSHOT_METHODS = Set.of("iterator", "listIterator", "spliterator",
            "stream", "parallelStream", "forEach", "keySet", "values", "entrySet", "subList");

    private static final Map<Class<?>, MethodTable> TABLES = new ConcurrentHashMap<>();

    private final Class<?> type;
    private final Method[] methods;
    private final Map<Method, Entry> entries = new ConcurrentHashMap<>();
    private final boolean collection;

    private MethodTable(Class<?> type) {
        this.type = type;
        this.collection = java.util.Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type);
        Map<String, Method> bySignature = new LinkedHashMap<>();
        for (Method m : type.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                bySignature.putIfAbsent(signature(m), resolve(type, m));
            }
        }
        List<Method> sorted = bySignature.values().stream().sorted(Comparator.comparing(MethodTable::signature)).toList();
        if (sorted.size() > Short.MAX_VALUE) {
            throw new IllegalArgumentException(type.getName() + " has too many methods to share");
        }
        this.methods = sorted.toArray(new Method[0]);
    }

    /**
     * @param type a shared object's interface
     * @return its table
     */
    static MethodTable of(Class<?> type) {
        return TABLES.computeIfAbsent(type, MethodTable::new);
    }

    /** @return the interface */
    Class<?> type() {
        return type;
    }

    /**
     * @param number a method number
     * @return the method, or {@code null} if there is none with that number
     */
    Method method(int number) {
        return number >= 0 && number < methods.length ? methods[number] : null;
    }

    /**
     * @param invoked a method a proxy of this interface was called with
     * @return how to run it
     */
    Entry entry(Method invoked) {
        Entry entry = entries.get(invoked);
        return entry != null ? entry : entries.computeIfAbsent(invoked, this::newEntry);
    }

    private Entry newEntry(Method invoked) {
        Method method = resolve(type, invoked);
        short number = (short) Arrays.asList(methods).indexOf(method);
        boolean javaMethod = method.getDeclaringClass().getName().startsWith("java.");
        Route route = Route.REMOTE;
        if (collection && javaMethod && SNAPSHOT_METHODS.contains(method.getName())) {
            route = Route.SNAPSHOT;
        } else if (method.isDefault() && !javaMethod) {
            route = Route.LOCAL_DEFAULT;
        }
        return new Entry(method, number, route);
    }

    /** The most specific declaration of a method in an interface (an override in a sub-interface wins). */
    private static Method resolve(Class<?> type, Method method) {
        try {
            return type.getMethod(method.getName(), method.getParameterTypes());
        } catch (NoSuchMethodException e) {
            return method;
        }
    }

    private static String signature(Method method) {
        StringBuilder text = new StringBuilder(method.getName()).append('(');
        for (Class<?> parameter : method.getParameterTypes()) {
            text.append(parameter.getName()).append(',');
        }
        return text.append(')').toString();
    }
}

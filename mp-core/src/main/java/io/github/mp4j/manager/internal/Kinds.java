package io.github.mp4j.manager.internal;

import io.github.mp4j.manager.ManagedArray;
import io.github.mp4j.manager.ManagedBarrier;
import io.github.mp4j.manager.ManagedCondition;
import io.github.mp4j.manager.ManagedEvent;
import io.github.mp4j.manager.ManagedList;
import io.github.mp4j.manager.ManagedLock;
import io.github.mp4j.manager.ManagedMap;
import io.github.mp4j.manager.ManagedNamespace;
import io.github.mp4j.manager.ManagedQueue;
import io.github.mp4j.manager.ManagedSemaphore;
import io.github.mp4j.manager.ManagedValue;
import java.util.List;

/** The built-in kinds of shared objects: their names on the wire, their interfaces and how the manager makes them. */
public final class Kinds {

    /** A kind naming a registered interface: this prefix, then the interface's name. */
    public static final String TYPE_PREFIX = "type:";

    /** What the manager needs to make an object. */
    interface Registrar {
        long register(Object target, Class<?> type, boolean exclusive);

        <T> T proxy(long id, Class<T> type);

        /** @return the manager's own object behind one of its proxies */
        Object local(Object proxy);
    }

    private Kinds() {
    }

    /**
     * @param kind a built-in kind
     * @return the interface of its proxies
     */
    public static Class<?> type(String kind) {
        return switch (kind) {
            case "map" -> ManagedMap.class;
            case "list" -> ManagedList.class;
            case "queue" -> ManagedQueue.class;
            case "namespace" -> ManagedNamespace.class;
            case "lock", "rlock" -> ManagedLock.class;
            case "semaphore", "boundedSemaphore" -> ManagedSemaphore.class;
            case "condition" -> ManagedCondition.class;
            case "event" -> ManagedEvent.class;
            case "barrier" -> ManagedBarrier.class;
            case "value" -> ManagedValue.class;
            case "array" -> ManagedArray.class;
            default -> throw new IllegalArgumentException("no shared object kind '" + kind + "'");
        };
    }

    static long create(String kind, Object[] args, Registrar manager) {
        Class<?> type = type(kind);
        return switch (kind) {
            case "map" -> manager.register(new DataImpls.MapImpl(), type, true);
            case "list" -> manager.register(new DataImpls.ListImpl(), type, true);
            case "queue" -> manager.register(new DataImpls.QueueImpl((Integer) args[0]), type, false);
            case "namespace" -> manager.register(new DataImpls.NamespaceImpl(), type, true);
            case "lock", "rlock" -> manager.register(new LockImpl(kind.equals("rlock")), type, false);
            case "semaphore", "boundedSemaphore" ->
                    manager.register(new SyncImpls.SemaphoreImpl((Integer) args[0], kind.equals("boundedSemaphore")), type, false);
            case "condition" -> createCondition(args, manager);
            case "event" -> manager.register(new SyncImpls.EventImpl(), type, false);
            case "barrier" -> manager.register(new SyncImpls.BarrierImpl((Integer) args[0]), type, false);
            case "value" -> manager.register(new DataImpls.ValueImpl(args[0]), type, true);
            case "array" -> manager.register(new DataImpls.ArrayImpl((List<?>) args[0]), type, true);
            default -> throw new IllegalArgumentException("no shared object kind '" + kind + "'");
        };
    }

    private static long createCondition(Object[] args, Registrar manager) {
        ManagedLock lockProxy = (ManagedLock) args[0];
        LockImpl lock;
        if (lockProxy == null) {
            lock = new LockImpl(true);
            lockProxy = manager.proxy(manager.register(lock, ManagedLock.class, false), ManagedLock.class);
        } else {
            lock = (LockImpl) manager.local(lockProxy);
        }
        return manager.register(new ConditionImpl(lock, lockProxy), ManagedCondition.class, false);
    }
}

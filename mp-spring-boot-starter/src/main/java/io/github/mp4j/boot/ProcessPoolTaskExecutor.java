package io.github.mp4j.boot;

import io.github.mp4j.function.SerializableCallable;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.runtime.StartMethod;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.core.task.AsyncTaskExecutor;

/**
 * The pool as a Spring {@link AsyncTaskExecutor}: the {@code mpTaskExecutor} bean, made when
 * {@code mp.task-executor.enabled=true}. Tasks run in the pool's workers as
 * {@link ProcessPool#asExecutorService(CallOptions)} runs them, labelled with
 * {@code mp.task-executor.label}.
 *
 * <p>{@code @Async("mpTaskExecutor")} methods run in a worker: Spring hands the executor a task
 * that holds the method invocation, which cannot travel; this executor sends instead the bean
 * itself, the method and its arguments, and the worker calls the method on its copy of the bean.
 * On worker JVMs such a bean must therefore be {@link Serializable} with everything it holds (a
 * stateless bean, typically), and so must the arguments and the result; one that is not is
 * refused with a {@link RejectedExecutionException} that says so. Changes the method makes to the
 * bean's fields happen to the worker's copy. A {@code CompletableFuture} or {@code Future} the
 * method returns is waited for in the worker, and its value travels back. With
 * {@code mp.start-method=threads} nothing is serialized and every bean works.
 */
public final class ProcessPoolTaskExecutor implements AsyncTaskExecutor {

    private final ExecutorService executor;
    private final boolean serializes;

    /**
     * @param pool the pool that runs the tasks
     * @param options how each task's call runs
     */
    public ProcessPoolTaskExecutor(ProcessPool pool, CallOptions options) {
        this.executor = pool.asExecutorService(options);
        this.serializes = pool.config().startMethod() != StartMethod.THREADS;
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return executor.submit(task);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return executor.submit(portable(task));
    }

    @Override
    public CompletableFuture<Void> submitCompletable(Runnable task) {
        return completable(executor.submit(task, null));
    }

    @Override
    public <T> CompletableFuture<T> submitCompletable(Callable<T> task) {
        return completable(executor.submit(portable(task)));
    }

    /** Stops taking tasks and cancels those unfinished (the pool itself is closed by its own lifecycle). */
    void shutdown() {
        executor.shutdownNow();
    }

    private static <T> CompletableFuture<T> completable(Future<T> future) {
        if (future instanceof CompletableFuture<T> completable) {
            return completable;
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return future.get();
            } catch (ExecutionException e) {
                throw new java.util.concurrent.CompletionException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /**
     * @return the task, or for Spring's {@code @Async} task (which holds its method invocation)
     *     a call of the same method on the same bean that can travel to a worker
     */
    @SuppressWarnings("unchecked")
    private <T> Callable<T> portable(Callable<T> task) {
        if (task instanceof Serializable) {
            return task;
        }
        MethodInvocation invocation = invocationHeldBy(task);
        if (invocation == null) {
            return task;
        }
        Object bean = invocation.getThis();
        Method method = invocation.getMethod();
        if (serializes && !(bean instanceof Serializable)) {
            throw new RejectedExecutionException("@Async method " + method.getDeclaringClass().getName() + "." + method.getName()
                    + " runs in a worker JVM of the pool, which gets a copy of its bean: make "
                    + (bean == null ? "the bean" : bean.getClass().getName()) + " Serializable (with what it holds),"
                    + " or use mp.start-method=threads");
        }
        return (Callable<T>) new BeanMethodCall(bean, method.getDeclaringClass(), method.getName(), method.getParameterTypes(),
                invocation.getArguments());
    }

    /** @return the method invocation Spring's {@code @Async} interceptor captured in its task, or {@code null} */
    private static MethodInvocation invocationHeldBy(Callable<?> task) {
        for (Field field : task.getClass().getDeclaredFields()) {
            if (MethodInvocation.class.isAssignableFrom(field.getType())) {
                try {
                    field.setAccessible(true);
                    return (MethodInvocation) field.get(task);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * An {@code @Async} method call that can travel: the bean, which method, and its arguments.
     *
     * @param bean the bean the method is called on (the target, not a proxy)
     * @param declaringClass the class declaring the method
     * @param name the method's name
     * @param parameterTypes its parameter types
     * @param arguments the arguments
     */
    record BeanMethodCall(Object bean, Class<?> declaringClass, String name, Class<?>[] parameterTypes, Object[] arguments)
            implements SerializableCallable<Object> {

        @Override
        public Object call() throws Exception {
            Method method = declaringClass.getDeclaredMethod(name, parameterTypes);
            method.setAccessible(true);
            Object result;
            try {
                result = method.invoke(bean, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception exception ? exception : e;
            }
            if (result instanceof Future<?> future) {
                try {
                    return future.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception exception ? exception : e;
                }
            }
            return result;
        }
    }
}

/**
 * Managers (Python's {@code multiprocessing.managers}): a server, in a child JVM of its own or in
 * this one, that holds shared objects (maps, lists, namespaces, queues, locks, semaphores,
 * conditions, events, barriers, values, arrays and registered types of your own) which any process
 * that reaches it uses through proxies. Start with {@link io.github.mp4j.manager.Manager}.
 */
package io.github.mp4j.manager;

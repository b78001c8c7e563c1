/**
 * The pool's implementation, private to {@code io.github.mp4j.pool} (the build's import control
 * enforces it). One class per responsibility:
 * <pre>
 *   caller ──► CallIntake ──Call──► Scheduler ◄──take/finished── WorkerSink ◄── JvmWorker | ThreadWorker
 *   (PoolImpl:    (apply, map,        (queues; ChunkCutter          (PoolSide:          (made by the
 *    lifecycle,    imap ─► Call,       decides chunk sizes and        the narrow         WorkerFactory of
 *    listeners)    ListCall,           in-flight limits)              interface)         the start method)
 *                  StreamCall)
 *                                     Supervisor: starts, replaces and retires workers, fails what a lost
 *                                                 worker held, stops the pool when it cannot go on
 *                                     Delivery:   results to their Call, counters, PoolEvent.ChunkCompleted
 *                                     TimeoutWatchdog: kills the worker whose task ran past the task timeout
 * </pre>
 * Worker JVMs run {@code WorkerLoop} and speak the
 * {@code PoolProtocol} with their {@code JvmWorker}.
 */
package io.github.mp4j.pool.internal;

/**
 * mp4j: Python's {@code multiprocessing} for the JVM. {@link io.github.mp4j.Mp} is the façade a
 * program starts from (processes, queues, pipes, pools and the current process's identity);
 * {@link io.github.mp4j.MpException} is the root of every exception mp4j throws and
 * {@link io.github.mp4j.MpInterruptedException} its one answer to an interrupted wait.
 *
 * <p>Each concept lives in a package of its own, and dependencies point down only: {@code pool}
 * uses {@code process}, which uses {@code queue}, {@code connection}, then {@code transport}
 * (the framed channels, handshake and object server the concepts share), {@code runtime}, and at
 * the bottom {@code serial}, {@code resource} and {@code function}. A package's
 * {@code .internal} subpackage is its implementation and private to it; the build checks both
 * rules ({@code config/checkstyle/import-control.xml}).
 */
package io.github.mp4j;

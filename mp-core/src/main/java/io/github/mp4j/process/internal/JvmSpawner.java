package io.github.mp4j.process.internal;

import io.github.mp4j.function.SerializableRunnable;
import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.process.ProcessStartException;
import io.github.mp4j.runtime.ChildExits;
import io.github.mp4j.runtime.ProcessInfo;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.serial.SerializationException;
import io.github.mp4j.transport.Handoff;
import java.io.IOException;

/**
 * Starts a child as a fresh JVM ({@link io.github.mp4j.runtime.StartMethod#JVM}): the target is
 * serialized first, so that one that cannot be sent fails before any JVM starts, and the handles
 * it carries are released if the child exits without taking them over.
 */
final class JvmSpawner implements Spawner {

    static final JvmSpawner INSTANCE = new JvmSpawner();

    private JvmSpawner() {
    }

    @Override
    public Popen spawn(SerializableRunnable target, ProcessInfo child, JvmOptions options, String outputPrefix) {
        String name = child.name();
        Handoff.Recorded<byte[]> encoded;
        try {
            encoded = Handoff.record(() -> ObjectCodec.encode(target));
        } catch (SerializationException e) {
            throw new SerializationException("the target of process " + name + " cannot be sent to a child JVM: "
                    + e.getMessage(), e);
        }
        Popen popen;
        try {
            popen = JvmLauncher.launch(options, child, encoded.encoded(), outputPrefix);
        } catch (IOException e) {
            // no child will ever use what the target carries: release it now, not never
            encoded.handoff().recipientExited("process " + name + " could not be started");
            throw new ProcessStartException("cannot start a JVM for process " + name + " with " + options
                    + ": " + e.getMessage(), e);
        }
        long childPid = popen.pid();
        popen.onExit().thenRun(() -> ChildExits.exited(childPid));
        Handoff handoff = encoded.handoff();
        if (!handoff.isEmpty()) {
            popen.onExit().thenAccept(code -> handoff.recipientExited("process " + name
                    + " (pid " + childPid + "), which received it, exited with code " + code + " without using it"));
        }
        return popen;
    }
}

package io.github.mp4j.serial;

/**
 * An object that belongs to the process that created it and is never sent to another (a pool, say):
 * encoding one, alone or inside a message or a task's captured variables, fails with a
 * {@link SerializationException} that carries {@link #whyNotSendable()}, before anything is written.
 */
public interface NotSendable {

    /** @return what the error says: why this object cannot be sent, and what to send instead */
    String whyNotSendable();
}

package io.github.mp4j.process;

import io.github.mp4j.process.internal.WorkerMain;

/**
 * The entry point of every child JVM that mp4j starts ({@link JvmOptions#WORKER_MAIN_CLASS}).
 * It is public so that a launcher of your own (an executable jar's {@code PropertiesLauncher},
 * for one) can name it; it reads what to run from its standard input, as the parent writes it,
 * and is of no use started by hand.
 */
public final class ChildMain {

    private ChildMain() {
    }

    /**
     * Runs the target the parent process sends on standard input, then exits with its code.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        WorkerMain.main(args);
    }
}

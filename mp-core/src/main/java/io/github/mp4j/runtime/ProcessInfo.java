package io.github.mp4j.runtime;

import java.util.List;

/**
 * Who a process is: Python's {@code current_process()} and {@code parent_process()} as data.
 *
 * @param name the process name: {@code MainProcess} for the first process, {@code Process-1},
 *     {@code Process-1:2}, ... for children unless they were given a name
 * @param pid the operating system's process id
 * @param daemon whether the process is a daemon (terminated when its parent exits)
 * @param identity the child's position in the process tree ({@code [1, 2]} for the second
 *     child of the first child); empty for the main process
 */
public record ProcessInfo(String name, long pid, boolean daemon, List<Integer> identity) {

    /** Copies {@code identity}. */
    public ProcessInfo {
        identity = List.copyOf(identity);
    }

    /** @return whether that process is still running */
    public boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}

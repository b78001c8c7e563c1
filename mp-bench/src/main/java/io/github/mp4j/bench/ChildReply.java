package io.github.mp4j.bench;

/**
 * A gated child's answer, as the {@code ("ok", value)} / {@code ("error", text)} tuples of the
 * Python suite.
 *
 * @param ok whether the task returned normally
 * @param value what it returned
 * @param error {@code Type: message} of what it threw
 */
record ChildReply(boolean ok, Object value, String error) {

    static ChildReply ok(Object value) {
        return new ChildReply(true, value, null);
    }

    static ChildReply failed(Throwable error) {
        return new ChildReply(false, null, error.getClass().getSimpleName() + ": " + error.getMessage());
    }
}

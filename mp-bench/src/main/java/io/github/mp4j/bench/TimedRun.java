package io.github.mp4j.bench;

import java.util.List;

/**
 * The outcome of {@link TimedChildren#run()}.
 *
 * @param <P> the parent work's result type
 * @param seconds from releasing the children to having every child's reply
 * @param childResults each child's return value, in the order the replies arrived
 * @param parentResult what the parent work returned, or {@code null}
 */
record TimedRun<P>(double seconds, List<Object> childResults, P parentResult) {
}

package io.github.mp4j.resource;

/** Closing many things at once without letting one failure leak the rest. */
public final class Closeables {

    private Closeables() {
    }

    /**
     * Closes every non-null resource, in order, even when some fail.
     *
     * @param resources what to close
     * @throws RuntimeException the first failure, with the later ones added as suppressed
     */
    public static void closeAll(AutoCloseable... resources) {
        RuntimeException failure = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException("close failed: " + e, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

package io.github.mp4j.manager.internal;

/**
 * An object that can undo a call whose reply could not be delivered (the client's connection
 * died while the call waited): a queue puts the taken element back, a semaphore its permit.
 */
interface ReplyLossAware {

    /**
     * @param method the name of the method whose reply was lost
     * @param result what it returned
     */
    void replyLost(String method, Object result);
}

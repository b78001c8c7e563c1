package io.github.mp4j.transport;

/** A connection whose readiness the operating system can report, through its channel. */
public interface ChannelBacked {

    /** @return the channel, waiting for it to be established if need be */
    FramedChannel channel();
}

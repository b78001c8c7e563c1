package io.github.mp4j.queue.internal;

/**
 * A byte-array item that its queue's owner keeps as the array itself rather than serialized: a
 * large array then reaches a consumer in the owner's process without a copy. Arrays from
 * {@link Feeder#DIRECT_BYTES} bytes on travel this way (see {@link QueueProtocol#RAW_BYTES}).
 *
 * @param value the item; owned by the queue, never shared with the producer
 */
record RawBytes(byte[] value) {
}

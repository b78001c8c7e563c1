/**
 * Serialization: {@link io.github.mp4j.serial.ObjectCodec} turns every object mp4j sends into bytes
 * and back (Kryo, configured identically in every process, with serializable lambdas), and
 * {@link io.github.mp4j.serial.ItemWriter}/{@link io.github.mp4j.serial.ItemReader} pack many
 * independent items into one frame, the common small ones without Kryo's per-message cost.
 */
package io.github.mp4j.serial;

package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.mp4j.serial.SerializationException;
import java.nio.file.FileSystems;
import java.nio.file.Path;

/**
 * {@link Path}s as their string, resolved again in the receiver's default file system: both
 * processes run on the same machine, so the string names the same file. A path of another file
 * system (inside a zip, say) would name a different file there, so it is refused.
 */
final class PathSerializer extends Serializer<Path> {

    PathSerializer() {
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, Path path) {
        if (path.getFileSystem() != FileSystems.getDefault()) {
            throw new SerializationException(path.getClass().getName() + " " + path + " belongs to a "
                    + path.getFileSystem().provider().getScheme() + " file system, which the other process does not"
                    + " have open; only paths of the default file system can be sent (send path.toUri() instead)");
        }
        output.writeString(path.toString());
    }

    @Override
    public Path read(Kryo kryo, Input input, Class<? extends Path> type) {
        return Path.of(input.readString());
    }
}

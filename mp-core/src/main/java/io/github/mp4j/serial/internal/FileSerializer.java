package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.File;

/** {@link File}s as their path string, exactly as given (a relative one stays relative). */
final class FileSerializer extends Serializer<File> {

    FileSerializer() {
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, File file) {
        output.writeString(file.getPath());
    }

    @Override
    public File read(Kryo kryo, Input input, Class<? extends File> type) {
        return new File(input.readString());
    }
}

package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import java.lang.reflect.InaccessibleObjectException;

/**
 * Kryo's field-by-field serializer for every class without a serializer of its own, except that
 * a class whose fields this JVM may not read (a JDK class in a package not opened to mp4j: an
 * application JVM runs without mp4j's {@code --add-opens} flags) gets a {@link ClosedClassSerializer},
 * which refuses it with a {@code SerializationException} when it is sent or received instead of
 * a raw {@link InaccessibleObjectException} from deep inside Kryo.
 */
final class FieldSerializerFactory implements SerializerFactory<Serializer<?>> {

    private final SerializerFactory.FieldSerializerFactory fields = new SerializerFactory.FieldSerializerFactory();

    @Override
    @SuppressWarnings("rawtypes") // Kryo's signature
    public Serializer<?> newSerializer(Kryo kryo, Class type) {
        try {
            return fields.newSerializer(kryo, type);
        } catch (InaccessibleObjectException | SecurityException e) {
            return new ClosedClassSerializer(type, e);
        }
    }

    @Override
    @SuppressWarnings("rawtypes") // Kryo's signature
    public boolean isSupported(Class type) {
        return true;
    }
}

package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Serializable lambdas and method references, through {@link SerializedLambda}'s public API: the
 * lambda's own {@code writeReplace} gives the description, and the capturing class's
 * {@code $deserializeLambda$} rebuilds it, exactly as Java serialization does. Unlike Kryo's
 * {@code ClosureSerializer}, nothing reaches into {@code java.lang.invoke}, so the JVM needs no
 * {@code --add-opens} flag to send or receive a lambda.
 */
final class LambdaSerializer extends Serializer<Object> {

    @Override
    public void write(Kryo kryo, Output output, Object lambda) {
        SerializedLambda description = describe(lambda);
        output.writeString(description.getCapturingClass());
        output.writeString(description.getFunctionalInterfaceClass());
        output.writeString(description.getFunctionalInterfaceMethodName());
        output.writeString(description.getFunctionalInterfaceMethodSignature());
        output.writeVarInt(description.getImplMethodKind(), true);
        output.writeString(description.getImplClass());
        output.writeString(description.getImplMethodName());
        output.writeString(description.getImplMethodSignature());
        output.writeString(description.getInstantiatedMethodType());
        output.writeVarInt(description.getCapturedArgCount(), true);
        for (int i = 0; i < description.getCapturedArgCount(); i++) {
            writeCaptured(kryo, output, description, i);
        }
    }

    /** Writes one captured value; a failure names it, as Kryo names the field of a failing object. */
    private static void writeCaptured(Kryo kryo, Output output, SerializedLambda description, int index) {
        KryoException failure;
        try {
            kryo.writeClassAndObject(output, description.getCapturedArg(index));
            return;
        } catch (KryoException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new KryoException(e);
        }
        failure.addTrace("captured value #" + (index + 1) + " (lambda in " + description.getCapturingClass().replace('/', '.')
                + ", implemented by " + description.getImplClass().replace('/', '.') + "." + description.getImplMethodName() + ")");
        throw failure;
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> type) {
        Class<?> capturingClass = load(kryo, input.readString());
        String functionalInterfaceClass = input.readString();
        String functionalInterfaceMethodName = input.readString();
        String functionalInterfaceMethodSignature = input.readString();
        int implMethodKind = input.readVarInt(true);
        String implClass = input.readString();
        String implMethodName = input.readString();
        String implMethodSignature = input.readString();
        String instantiatedMethodType = input.readString();
        Object[] captured = new Object[input.readVarInt(true)];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = kryo.readClassAndObject(input);
        }
        SerializedLambda description = new SerializedLambda(capturingClass, functionalInterfaceClass,
                functionalInterfaceMethodName, functionalInterfaceMethodSignature, implMethodKind, implClass, implMethodName,
                implMethodSignature, instantiatedMethodType, captured);
        try {
            Method deserialize = capturingClass.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
            deserialize.setAccessible(true);
            return deserialize.invoke(null, description);
        } catch (NoSuchMethodException e) {
            throw new KryoException(capturingClass.getName() + " declares no serializable lambda", e);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new KryoException("cannot rebuild a lambda of " + capturingClass.getName() + ": " + e, e);
        } catch (InvocationTargetException e) {
            throw new KryoException("cannot rebuild a lambda of " + capturingClass.getName()
                    + " (was the class changed since the lambda was sent?): " + e.getCause(), e.getCause());
        }
    }

    private static SerializedLambda describe(Object lambda) {
        try {
            Method writeReplace = lambda.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return (SerializedLambda) writeReplace.invoke(lambda);
        } catch (NoSuchMethodException e) {
            throw new KryoException("Closure must implement java.io.Serializable: " + lambda.getClass().getName()
                    + " is a lambda that is not serializable", e);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            throw new KryoException("cannot describe lambda " + lambda.getClass().getName() + ": " + e, e);
        }
    }

    private static Class<?> load(Kryo kryo, String internalName) {
        String name = internalName.replace('/', '.');
        // from an untrusted peer, a lambda is rebuilt only by a class that is allowed
        UntrustedPeer.check(name);
        try {
            return Class.forName(name, false, kryo.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new KryoException("the class that defined a lambda, " + internalName + ", is not on this process's class path", e);
        }
    }
}

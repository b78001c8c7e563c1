package io.github.mp4j.bench;

import java.util.Iterator;
import java.util.Map;

/**
 * Writes maps, lists, strings, numbers and booleans as indented JSON. The bench has no JSON
 * library (it depends on mp-core only), and writing is all it needs. NaN and infinities, which
 * JSON cannot express, are written as {@code null}.
 */
final class Json {

    private static final String INDENT = "  ";

    private Json() {
    }

    /**
     * @param value a tree of {@link Map}, {@link Iterable}, {@link CharSequence}, {@link Number},
     *     {@link Boolean} and {@code null}; anything else is written as its {@code toString()}
     * @return the JSON text, ending with a newline
     */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, "");
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, String indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            writeMap(out, map, indent);
        } else if (value instanceof Iterable<?> items) {
            writeList(out, items.iterator(), indent);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            out.append(Double.isFinite(d) ? Double.toString(d) : "null");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            writeString(out, value.toString());
        }
    }

    private static void writeMap(StringBuilder out, Map<?, ?> map, String indent) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        String inner = indent + INDENT;
        out.append("{\n");
        Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<?, ?> entry = entries.next();
            out.append(inner);
            writeString(out, String.valueOf(entry.getKey()));
            out.append(": ");
            write(out, entry.getValue(), inner);
            out.append(entries.hasNext() ? ",\n" : "\n");
        }
        out.append(indent).append('}');
    }

    private static void writeList(StringBuilder out, Iterator<?> items, String indent) {
        if (!items.hasNext()) {
            out.append("[]");
            return;
        }
        String inner = indent + INDENT;
        out.append("[\n");
        while (items.hasNext()) {
            out.append(inner);
            write(out, items.next(), inner);
            out.append(items.hasNext() ? ",\n" : "\n");
        }
        out.append(indent).append(']');
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

package io.github.mp4j.demo.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The parameters of one job run: every parameter its type declares, given or defaulted, validated. */
public final class JobParams {

    private final Map<String, Long> values;

    private JobParams(Map<String, Long> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * @param type the job type
     * @param given parameters given by the caller (numbers, or strings of digits); may be {@code null}
     * @return the parameters, defaults filled in
     * @throws IllegalArgumentException naming the parameter and what is allowed, for an unknown
     *     name, a value that is not a whole number in range, or values beyond the type's
     *     {@linkplain JobType#checkLimits combined limits}
     */
    public static JobParams resolve(JobType type, Map<String, ?> given) {
        List<JobParam> declared = type.params();
        Map<String, ?> input = given == null ? Map.of() : given;
        for (String name : input.keySet()) {
            if (declared.stream().noneMatch(p -> p.name().equals(name))) {
                throw new IllegalArgumentException("job type '" + type.name() + "' has no parameter '" + name + "'; it takes "
                        + declared.stream().map(JobParam::name).collect(Collectors.joining(", ")));
            }
        }
        Map<String, Long> values = new LinkedHashMap<>();
        for (JobParam param : declared) {
            Object raw = input.get(param.name());
            long value = raw == null ? param.defaultValue() : wholeNumber(param, raw);
            if (value < param.min() || value > param.max()) {
                throw new IllegalArgumentException(param.name() + " must be between " + param.min() + " and " + param.max()
                        + ", was " + value);
            }
            values.put(param.name(), value);
        }
        JobParams params = new JobParams(values);
        type.checkLimits(params);
        return params;
    }

    private static long wholeNumber(JobParam param, Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        try {
            return Long.parseLong(raw.toString().trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(param.name() + " must be a whole number, was '" + raw + "'", e);
        }
    }

    /**
     * @param name a parameter the job type declares
     * @return its value
     */
    public long get(String name) {
        Long value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; there are " + values.keySet());
        }
        return value;
    }

    /** @return every parameter by name, in declaration order */
    public Map<String, Long> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}

package io.github.mp4j.demo.web;

import io.github.mp4j.demo.job.UnknownJobException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.MismatchedInputException;

/** Turns the API's errors into RFC 9457 problem documents whose detail says what was wrong. */
@RestControllerAdvice(basePackageClasses = ApiErrors.class)
public class ApiErrors {

    /** What a job request looks like, for the messages about a body that is not one. */
    static final String EXAMPLE_REQUEST = "{\"type\": \"primes\", \"params\": {\"limit\": 2000000}}";

    @ExceptionHandler(UnknownJobException.class)
    ProblemDetail unknown(UnknownJobException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** A body that is missing, not JSON, or JSON of the wrong shape: say which, and where. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, unreadableBody(e.getCause()));
    }

    /**
     * @param cause why the body could not be read: Jackson's exception, or none when there was no body
     * @return for example {@code params must be an object, was an array (line 1, column 29)}
     */
    static String unreadableBody(Throwable cause) {
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return path(mismatch.getPath()) + " must be " + expected(mismatch.getTargetType()) + found(mismatch.getCurrentToken())
                    + where(mismatch.getLocation());
        }
        if (cause instanceof MismatchedInputException mismatch) {
            return "the request body must be a JSON object such as " + EXAMPLE_REQUEST + found(mismatch.getCurrentToken())
                    + where(mismatch.getLocation());
        }
        if (cause instanceof JacksonException malformed) {
            return "the request body is not valid JSON" + where(malformed.getLocation()) + ": " + malformed.getOriginalMessage();
        }
        return "the request body is missing; send a JSON object such as " + EXAMPLE_REQUEST;
    }

    private static String path(List<JacksonException.Reference> path) {
        StringBuilder name = new StringBuilder();
        for (JacksonException.Reference step : path) {
            if (step.getPropertyName() != null) {
                name.append(name.isEmpty() ? "" : ".").append(step.getPropertyName());
            } else {
                name.append('[').append(step.getIndex()).append(']');
            }
        }
        return name.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another kind of JSON value";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return Map.class.isAssignableFrom(type) ? "an object of names and values" : "an object";
    }

    private static String found(JsonToken token) {
        if (token == null) {
            return "";
        }
        return ", was " + switch (token) {
            case START_OBJECT, END_OBJECT, PROPERTY_NAME -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "nothing";
        };
    }

    private static String where(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}

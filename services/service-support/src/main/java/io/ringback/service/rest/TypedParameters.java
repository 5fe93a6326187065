package io.ringback.service.rest;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.UUID;

/**
 * Reads every UUID and whole-number (int, long) path, query, header or cookie parameter, so that a
 * malformed one is refused
 * naming the parameter ({@link ProblemMappers} answers {@code 400 invalid-parameter} with it as the
 * offending field), not as a generic error.
 */
@Provider
public class TypedParameters implements ParamConverterProvider {

    /** A parameter that does not convert, with its name. */
    static final class InvalidParameter extends IllegalArgumentException {
        final String name;
        final String why;

        InvalidParameter(String name, String why) {
            super(name + " " + why);
            this.name = name;
            this.why = why;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = name(annotations);
        if (rawType == int.class || rawType == Integer.class) {
            return (ParamConverter<T>) number(name, "a whole number", Integer::valueOf);
        }
        if (rawType == long.class || rawType == Long.class) {
            return (ParamConverter<T>) number(name, "a whole number", Long::valueOf);
        }
        if (rawType != UUID.class) {
            return null;
        }
        return (ParamConverter<T>) new ParamConverter<UUID>() {
            @Override
            public UUID fromString(String value) {
                try {
                    return UUID.fromString(value);
                } catch (IllegalArgumentException e) {
                    throw new InvalidParameter(name, "must be a UUID, got '" + value + "'");
                }
            }

            @Override
            public String toString(UUID value) {
                return value.toString();
            }
        };
    }

    private static <N extends Number> ParamConverter<N> number(String name, String what,
                                                              java.util.function.Function<String, N> parse) {
        return new ParamConverter<>() {
            @Override
            public N fromString(String value) {
                try {
                    return parse.apply(value);
                } catch (NumberFormatException e) {
                    throw new InvalidParameter(name, "must be " + what + ", got '" + value + "'");
                }
            }

            @Override
            public String toString(N value) {
                return value.toString();
            }
        };
    }

    private static String name(Annotation[] annotations) {
        for (Annotation annotation : annotations == null ? new Annotation[0] : annotations) {
            if (annotation instanceof PathParam path) {
                return path.value();
            }
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
            if (annotation instanceof HeaderParam header) {
                return header.value();
            }
            if (annotation instanceof CookieParam cookie) {
                return cookie.value();
            }
        }
        return "parameter";
    }
}

package io.reelpipe.core.contract;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes job and event messages as JSON; unknown fields are ignored so producers can add them first. */
public final class MessageCodec {

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public byte[] write(Object message) {
        return mapper.writeValueAsBytes(message);
    }

    public String writeString(Object message) {
        return mapper.writeValueAsString(message);
    }

    /**
     * Reads a message.
     *
     * @throws MalformedMessageException when the bytes are not a valid message of that type; such a message is
     *     never retried
     */
    public <T> T read(byte[] body, Class<T> type) {
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw new MalformedMessageException("empty " + type.getSimpleName() + " message");
            }
            return value;
        } catch (JacksonException | NullPointerException e) {
            throw new MalformedMessageException("not a valid " + type.getSimpleName() + " message: " + e.getMessage(), e);
        }
    }

    /** A message that cannot be parsed: a permanent failure. */
    public static final class MalformedMessageException extends RuntimeException {

        MalformedMessageException(String message) {
            super(message);
        }

        MalformedMessageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

package fr.intrascol.sync.message.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.UUID;

/** The stable identity of an account: never reused, never changed by a rename or a move. */
public record AccountId(String value) {

    public AccountId {
        if (value == null) {
            throw new InvalidValueException("accountId", "An account id is required.");
        }
        try {
            value = UUID.fromString(value.trim()).toString();
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("accountId", "'" + value + "' is not an account id.");
        }
    }

    public static AccountId random() {
        return new AccountId(UUID.randomUUID().toString());
    }

    @JsonCreator
    public static AccountId of(String value) {
        return new AccountId(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}

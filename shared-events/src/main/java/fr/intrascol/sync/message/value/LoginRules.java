package fr.intrascol.sync.message.value;

/**
 * A school's login settings, fixed when the school is registered.
 *
 * @param maxLength the longest login the school's server accepts (suffix included)
 */
public record LoginRules(int maxLength) {

    public static final int DEFAULT_MAX_LENGTH = 20;
    public static final int MIN_MAX_LENGTH = 6;

    public LoginRules {
        if (maxLength < MIN_MAX_LENGTH || maxLength > 64) {
            throw new InvalidValueException("loginMaxLength",
                    "The maximum login length must be between " + MIN_MAX_LENGTH + " and 64, not " + maxLength + ".");
        }
    }

    public static LoginRules defaults() {
        return new LoginRules(DEFAULT_MAX_LENGTH);
    }
}

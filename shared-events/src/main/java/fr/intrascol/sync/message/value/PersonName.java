package fr.intrascol.sync.message.value;

/**
 * A person's names as the register spells them: birth surname, usage name (optional, the name the
 * person goes by) and first name. Accents, apostrophes and hyphens are kept.
 */
public record PersonName(String lastName, String usageName, String firstName) {

    public static final int MAX_LENGTH = 100;
    /** What an erased person's names read as, everywhere (their data key is destroyed). */
    public static final String ERASED_TEXT = "[effacé]";
    /** The names of an erased person. */
    public static final PersonName ERASED = new PersonName(ERASED_TEXT, null, ERASED_TEXT);

    public PersonName {
        lastName = Text.clean("lastName", lastName, MAX_LENGTH, "surname");
        usageName = usageName == null || usageName.isBlank()
                ? null : Text.clean("usageName", usageName, MAX_LENGTH, "usage name");
        firstName = Text.clean("firstName", firstName, MAX_LENGTH, "first name");
    }

    /**
     * How stored names are read back (events, snapshots, read models): as written, except for invisible
     * formatting characters that versions before they were refused may have stored, which are dropped so
     * that the history still loads. New names go through the constructor, which refuses them.
     */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static PersonName read(@com.fasterxml.jackson.annotation.JsonProperty("lastName") String lastName,
                                  @com.fasterxml.jackson.annotation.JsonProperty("usageName") String usageName,
                                  @com.fasterxml.jackson.annotation.JsonProperty("firstName") String firstName) {
        return new PersonName(Text.withoutInvisible(lastName), Text.withoutInvisible(usageName),
                Text.withoutInvisible(firstName));
    }

    /** Whether these are the names of an erased person. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isErased() {
        return ERASED_TEXT.equals(lastName) && ERASED_TEXT.equals(firstName);
    }

    /** The surname the person goes by: the usage name when there is one. */
    public String displayLastName() {
        return usageName != null ? usageName : lastName;
    }
}

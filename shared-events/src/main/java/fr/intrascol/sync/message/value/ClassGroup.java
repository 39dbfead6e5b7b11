package fr.intrascol.sync.message.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A class as the school names it ("CP Mme COLIN", "02 GRANDE SECTION"): free text, kept as given. */
public record ClassGroup(String label) {

    public static final int MAX_LENGTH = 100;

    public ClassGroup {
        label = Text.clean("classGroup", label, MAX_LENGTH, "class");
    }

    public static ClassGroup of(String label) {
        return new ClassGroup(label);
    }

    /**
     * How a stored label is read back: invisible formatting characters that versions before they were
     * refused may have stored are dropped, so that the history still loads; new labels are refused them.
     */
    @JsonCreator
    public static ClassGroup read(String label) {
        return new ClassGroup(Text.withoutInvisible(label));
    }

    /** Null for null or blank input: an optional class. */
    public static ClassGroup ofNullable(String label) {
        return label == null || label.isBlank() ? null : new ClassGroup(label);
    }

    @JsonValue
    @Override
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}

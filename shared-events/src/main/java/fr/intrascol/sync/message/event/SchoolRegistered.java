package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.value.LoginRules;
import fr.intrascol.sync.message.value.Uai;

/** A school joined the system; it can now receive accounts. */
public record SchoolRegistered(Uai uai, String name, LoginRules loginRules) implements SchoolEvent {
}

package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.value.LoginRules;
import fr.intrascol.sync.message.value.Uai;

/** Register a school under its UAI. Fails if the UAI is already registered. */
public record RegisterSchool(Uai uai, String name, LoginRules loginRules) implements SchoolCommand {
}

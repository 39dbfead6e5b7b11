package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.value.Uai;

/**
 * A command to one school's aggregate. The UAI routes it (the command side resolves the target from
 * this interface, so the message language needs no framework annotation).
 */
public interface SchoolCommand {
    Uai uai();
}

package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.Uai;

/** An account moved to another class and/or level (either may be null: no class, no level). */
public record AccountClassChanged(Uai uai, AccountId accountId, ClassGroup fromClass, Level fromLevel,
                                  ClassGroup toClass, Level toLevel) implements AccountEvent {
}

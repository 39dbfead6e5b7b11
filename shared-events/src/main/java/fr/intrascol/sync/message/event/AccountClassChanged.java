package fr.intrascol.sync.message.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.Uai;

/**
 * An account moved to another class and/or level (either may be null: no class, no level).
 * {@code origin} and {@code importId} say which kind of operation moved it and which import, when one
 * did; events stored before they were carried here have them null (their metadata says).
 */
public record AccountClassChanged(Uai uai, AccountId accountId, ClassGroup fromClass, Level fromLevel,
                                  ClassGroup toClass, Level toLevel,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) Origin origin,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) String importId)
        implements AccountEvent {

    /** Without origin nor import, as events stored before they were carried here. */
    public AccountClassChanged(Uai uai, AccountId accountId, ClassGroup fromClass, Level fromLevel,
                               ClassGroup toClass, Level toLevel) {
        this(uai, accountId, fromClass, fromLevel, toClass, toLevel, null, null);
    }
}

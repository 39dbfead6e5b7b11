package fr.intrascol.sync.message.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.Uai;

/**
 * An account was suspended: it stays, with its login reserved, but cannot be used. {@code origin} and
 * {@code importId} say which kind of operation suspended it and which import, when one did; events
 * stored before they were carried here have them null (their metadata says).
 */
public record AccountSuspended(Uai uai, AccountId accountId,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Origin origin,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String importId) implements AccountEvent {

    /** Without origin nor import, as events stored before they were carried here. */
    public AccountSuspended(Uai uai, AccountId accountId) {
        this(uai, accountId, null, null);
    }
}

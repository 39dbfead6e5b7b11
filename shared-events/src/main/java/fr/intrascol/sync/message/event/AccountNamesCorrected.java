package fr.intrascol.sync.message.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.Uai;

/**
 * The names of an account were corrected. The login does not change with them. {@code origin} and
 * {@code importId} say which kind of operation corrected them and which import, when one did; events
 * stored before they were carried here have them null (their metadata says).
 */
public record AccountNamesCorrected(Uai uai, AccountId accountId, PersonName from, PersonName to,
                                    @JsonInclude(JsonInclude.Include.NON_NULL) Origin origin,
                                    @JsonInclude(JsonInclude.Include.NON_NULL) String importId)
        implements AccountEvent {

    /** Without origin nor import, as events stored before they were carried here. */
    public AccountNamesCorrected(Uai uai, AccountId accountId, PersonName from, PersonName to) {
        this(uai, accountId, from, to, null, null);
    }
}

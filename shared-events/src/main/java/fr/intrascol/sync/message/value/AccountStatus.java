package fr.intrascol.sync.message.value;

/** An account's state on the school server. Departures suspend; only the retention rule erases. */
public enum AccountStatus {
    ACTIVE, SUSPENDED, ERASED
}

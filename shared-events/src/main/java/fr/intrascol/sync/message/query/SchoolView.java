package fr.intrascol.sync.message.query;

import java.time.Instant;

/** A registered school as the accounts projection knows it. */
public record SchoolView(String uai, String name, int loginMaxLength, Instant registeredAt, int activeAccounts,
                         int suspendedAccounts) {
}

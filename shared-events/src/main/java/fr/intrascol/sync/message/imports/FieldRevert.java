package fr.intrascol.sync.message.imports;

/**
 * One field a rollback puts back: the value the import replaced ({@code to}) instead of the present one
 * ({@code from}). An arrival's account is closed: its field is {@code status}, to {@code CLOSED}.
 */
public record FieldRevert(String accountId, String login, ChangeKind change, String field, String from, String to) {
}

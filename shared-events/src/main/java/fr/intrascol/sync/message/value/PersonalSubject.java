package fr.intrascol.sync.message.value;

/**
 * A message or state that holds one person's data: names, birth date, INE and login. Whatever
 * serializes it for storage (events, snapshots, archives) writes those values encrypted under the
 * data key of {@link #personalSubject()} (the account's id), so that destroying that key erases them
 * everywhere without rewriting history (crypto-shredding, docs/privacy.md).
 */
public interface PersonalSubject {

    /** The person the personal values inside belong to: the account id. */
    String personalSubject();
}

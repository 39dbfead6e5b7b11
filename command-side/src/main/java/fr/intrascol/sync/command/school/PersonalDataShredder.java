package fr.intrascol.sync.command.school;

/**
 * Destroys a person's data key (crypto-shredding): every value sealed under it, in every event, snapshot
 * and archive, can never be read again. The application provides it, inside the command's transaction.
 */
public interface PersonalDataShredder {

    void destroy(String subject);
}

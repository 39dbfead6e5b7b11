package fr.intrascol.sync.app.privacy;

import fr.intrascol.sync.app.privacy.keys.PersonKeys;
import fr.intrascol.sync.command.school.PersonalDataShredder;
import org.springframework.stereotype.Component;

/** The School's way to destroy a person's data key: the key store's, in the command's transaction. */
@Component
public class PersonKeysShredder implements PersonalDataShredder {

    private final PersonKeys keys;

    public PersonKeysShredder(PersonKeys keys) {
        this.keys = keys;
    }

    @Override
    public void destroy(String subject) {
        keys.destroy(subject);
    }
}

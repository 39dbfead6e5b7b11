package fr.intrascol.sync.app.privacy.sealing;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.intrascol.sync.app.privacy.keys.PersonKeys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's serializers (events, snapshots, messages) take the ObjectMapper named
 * {@code defaultAxonObjectMapper} when there is one: this one seals personal data per person. Axon adds
 * its own module and Java time support to it. {@link SealingMode} is consulted at every write (always on,
 * except during the benchmark's clear baseline).
 */
@Configuration(proxyBeanMethods = false)
public class SealingConfiguration {

    @Bean("defaultAxonObjectMapper")
    public ObjectMapper defaultAxonObjectMapper(ObjectProvider<PersonKeys> keys, SealingMode mode) {
        return new ObjectMapper().registerModule(new SealedPersonalDataModule(keys::getObject, mode::sealing));
    }
}

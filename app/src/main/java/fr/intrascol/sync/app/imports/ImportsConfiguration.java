package fr.intrascol.sync.app.imports;

import fr.intrascol.sync.command.extraction.ExtractionReader;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The extraction reader with the limits set in configuration. */
@Configuration(proxyBeanMethods = false)
public class ImportsConfiguration {

    @Bean
    public ExtractionReader extractionReader(@Value("${intrascol.import.max-file-bytes:5242880}") long maxBytes,
                                             @Value("${intrascol.import.max-rows:5000}") int maxRows) {
        return new ExtractionReader(new ExtractionReader.Limits(maxBytes, maxRows));
    }
}

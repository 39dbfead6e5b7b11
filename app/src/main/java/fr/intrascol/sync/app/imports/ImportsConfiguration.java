package fr.intrascol.sync.app.imports;

import fr.intrascol.sync.app.IntrascolProperties;
import fr.intrascol.sync.command.extraction.ExtractionReader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The extraction reader with the limits set in configuration. */
@Configuration(proxyBeanMethods = false)
public class ImportsConfiguration {

    @Bean
    public ExtractionReader extractionReader(IntrascolProperties properties) {
        return new ExtractionReader(new ExtractionReader.Limits(properties.imports().maxFileBytes(),
                properties.imports().maxRows()));
    }
}

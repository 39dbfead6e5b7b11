package fr.intrascol.sync.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The command side's settings (the part of {@code intrascol.*} it reads), with their defaults;
 * docs/operations.md lists them.
 *
 * @param snapshot when a school's snapshot is taken
 * @param imports  the import planner's safety thresholds
 * @param password generated passwords
 */
@ConfigurationProperties("intrascol")
public record CommandSideProperties(@DefaultValue Snapshot snapshot, @Name("import") @DefaultValue Planning imports,
                                    @DefaultValue Password password) {

    /** @param threshold events of a school after which a snapshot is taken */
    public record Snapshot(@DefaultValue("250") int threshold) {
    }

    /**
     * @param massDepartureShare more departures than this share of a school's accounts must be confirmed
     * @param olderFileShare     more class moves going down than this share marks the file as an older one
     */
    public record Planning(@DefaultValue("0.30") double massDepartureShare, @DefaultValue("0.30") double olderFileShare) {
    }

    /** @param length characters of a generated password */
    public record Password(@DefaultValue("10") int length) {
    }
}

package fr.intrascol.sync.query.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The query side's settings (the part of {@code intrascol.*} it reads), with their defaults; docs/operations.md
 * lists them.
 *
 * @param role      what this process does ({@code all}, {@code command}, {@code query}): a command process runs
 *                  no event processor, so it retries no dead letter
 * @param projector the IntraScol projector
 */
@ConfigurationProperties("intrascol")
public record QuerySideProperties(@DefaultValue("all") String role, @DefaultValue Projector projector) {

    /** Whether this process runs the event processors (and so retries the projector's dead letters). */
    public boolean runsProcessors() {
        return !"command".equalsIgnoreCase(role.trim());
    }

    /**
     * @param ldapTimeout              connecting to and waiting for a school's LDAP server
     * @param deadLetterRetryInterval  the first pause before a dead letter is retried (doubling after each failure)
     * @param deadLetterMaxPause       the longest pause between two retries
     * @param fileRoot                 the only folder FILE targets may write under; unset: {@code intrascol-files}
     *                                 in the data folder
     * @param deadLetters              bounds of the dead-letter queue
     */
    public record Projector(@DefaultValue("5s") Duration ldapTimeout,
                            @DefaultValue("30s") Duration deadLetterRetryInterval,
                            @DefaultValue("15m") Duration deadLetterMaxPause,
                            Path fileRoot,
                            @DefaultValue DeadLetters deadLetters) {
    }

    /**
     * @param maxSchools   schools that may wait in the dead-letter queue at once
     * @param maxPerSchool changes of one school that may wait there
     */
    public record DeadLetters(@DefaultValue("10000") int maxSchools, @DefaultValue("100000") int maxPerSchool) {
    }
}

package fr.intrascol.sync.command.school;

import fr.intrascol.sync.message.command.SchoolCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Routes every {@link SchoolCommand} to the aggregate of its UAI, so that the message language needs
 * no framework annotation. Optimistic checks are per account (see {@code EditAccount}), not per school:
 * two people editing two accounts of one school both succeed.
 */
public class SchoolCommandTargetResolver implements CommandTargetResolver {

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (command.getPayload() instanceof SchoolCommand schoolCommand) {
            return new VersionedAggregateIdentifier(schoolCommand.uai().value(), null);
        }
        throw new IllegalArgumentException("Not a school command: " + command.getPayloadType().getName());
    }
}

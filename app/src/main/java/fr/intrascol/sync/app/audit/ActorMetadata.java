package fr.intrascol.sync.app.audit;

import fr.intrascol.sync.message.meta.MetadataKeys;
import fr.intrascol.sync.message.meta.Origin;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.function.BiFunction;

/**
 * The one place where the authenticated principal becomes the {@code actor} of what it does. Every
 * command dispatched is stamped with the current Spring Security principal's name (overwriting
 * whatever the caller put there, so an actor cannot be forged) and refused when nobody is
 * authenticated or no origin is given. Every event published is refused unless it carries an actor
 * and an origin: an anonymous change cannot reach the store, whatever path produced it.
 */
@Component
public class ActorMetadata {

    public ActorMetadata(CommandBus commandBus, EventBus eventBus) {
        commandBus.registerDispatchInterceptor(new StampActor());
        eventBus.registerDispatchInterceptor(new RequireActor());
    }

    /** The name under which the current thread acts, or an exception when nobody is authenticated. */
    public static String currentActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken
                || authentication.getName() == null || authentication.getName().isBlank()) {
            throw new MissingActorException("No authenticated user: a change cannot be made anonymously.");
        }
        return authentication.getName();
    }

    private static final class StampActor implements MessageDispatchInterceptor<CommandMessage<?>> {
        @Override
        public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                List<? extends CommandMessage<?>> messages) {
            return (index, command) -> {
                Object origin = command.getMetaData().get(MetadataKeys.ORIGIN);
                if (origin == null) {
                    throw new MissingActorException("Command " + command.getPayloadType().getSimpleName()
                            + " has no origin metadata");
                }
                Origin.valueOf(origin.toString());
                return command.andMetaData(java.util.Map.of(MetadataKeys.ACTOR, currentActor()));
            };
        }
    }

    private static final class RequireActor implements MessageDispatchInterceptor<EventMessage<?>> {
        @Override
        public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
            return (index, event) -> {
                Object actor = event.getMetaData().get(MetadataKeys.ACTOR);
                if (actor == null || actor.toString().isBlank()
                        || event.getMetaData().get(MetadataKeys.ORIGIN) == null) {
                    throw new MissingActorException("Event " + event.getPayloadType().getSimpleName()
                            + " has no actor or origin: refusing to store an anonymous change");
                }
                return event;
            };
        }
    }

    /** A change attempted without someone to answer for it. */
    public static class MissingActorException extends IllegalStateException {
        public MissingActorException(String message) {
            super(message);
        }
    }
}

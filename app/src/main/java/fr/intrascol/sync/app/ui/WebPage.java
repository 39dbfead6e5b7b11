package fr.intrascol.sync.app.ui;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Controller;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A controller of web pages (Thymeleaf views, in French), as opposed to the JSON API's
 * {@code @RestController}s: refusals become French pages ({@link PageErrors}) and every view gets the
 * signed-in user ({@link PageModel}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Controller
public @interface WebPage {

    @AliasFor(annotation = Controller.class)
    String value() default "";
}

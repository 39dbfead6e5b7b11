package fr.intrascol.sync.app.web;

import fr.intrascol.sync.message.value.InvalidValueException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;

/**
 * Spring's multipart resolver (the bean {@code multipartResolver}, which Spring Boot's would otherwise
 * be), refusing an uploaded file whose name holds a control character (a NUL...): such a name would be
 * stored with the import and shown on pages. The refusal is an {@link InvalidValueException} on the field
 * {@code file}, a 400 problem detail under {@code /api}.
 */
@Component("multipartResolver")
public class CheckedMultipartResolver extends StandardServletMultipartResolver {

    public CheckedMultipartResolver(ObjectProvider<MultipartProperties> properties) {
        // no multipart properties outside a web application (the command-line tools): defaults then
        MultipartProperties multipart = properties.getIfAvailable(MultipartProperties::new);
        setResolveLazily(multipart.isResolveLazily());
        setStrictServletCompliance(multipart.isStrictServletCompliance());
    }

    @Override
    public MultipartHttpServletRequest resolveMultipart(HttpServletRequest request) throws MultipartException {
        MultipartHttpServletRequest multipart;
        try {
            multipart = super.resolveMultipart(request);
        } catch (MultipartException e) {
            // Tomcat refuses to read a part whose file name holds a NUL: say so, rather than "cannot parse"
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t.getClass().getSimpleName().equals("InvalidFileNameException")) {
                    throw new InvalidValueException("file", "The file name contains a NUL character (U+0000):"
                            + " rename the file and send it again.");
                }
            }
            throw e;
        }
        for (MultipartFile file : multipart.getMultiFileMap().values().stream().flatMap(java.util.List::stream)
                .toList()) {
            String refusal = controlCharacter(file.getOriginalFilename());
            if (refusal != null) {
                cleanupMultipart(multipart);
                throw new InvalidValueException("file", refusal);
            }
        }
        return multipart;
    }

    private static String controlCharacter(String name) {
        for (int i = 0; name != null && i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return String.format("The file name contains a control character (U+%04X): rename the file and"
                        + " send it again.", (int) name.charAt(i));
            }
        }
        return null;
    }
}

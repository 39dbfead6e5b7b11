package fr.intrascol.sync.testsupport;

import java.io.IOException;
import java.io.InputStream;

/**
 * The BE1d / ONDE extraction fixtures of test-fixtures/be1d, as bytes: the one way every module's tests
 * read them (each module puts test-fixtures on its test class path).
 */
public final class Fixtures {

    private Fixtures() {
    }

    public static byte[] be1d(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/be1d/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture be1d/" + path + " on the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package fr.intrascol.sync.app.support;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The BE1d / ONDE extraction fixtures of test-fixtures/be1d, as bytes. */
public final class Fixtures {

    private Fixtures() {
    }

    public static byte[] be1d(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/be1d/" + path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

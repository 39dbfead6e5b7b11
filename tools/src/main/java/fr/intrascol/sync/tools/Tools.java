package fr.intrascol.sync.tools;

import fr.intrascol.sync.app.IntrascolSyncApplication;
import fr.intrascol.sync.command.extraction.Extraction;
import fr.intrascol.sync.command.extraction.ExtractionReader;
import fr.intrascol.sync.testsupport.ExtractionGenerator;
import fr.intrascol.sync.tools.bench.BenchCli;
import fr.intrascol.sync.tools.bench.EndToEndBench;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Arrays;

/**
 * The team's tools, in their own jar (tools/target/intrascol-tools.jar) so that the application holds
 * none of them: {@code generate [options]} writes synthetic extractions (docs/operations.md, "Synthetic
 * extractions"); {@code bench [options]} runs the département benchmark on the application's own beans
 * (docs/operations.md, "Benchmark"); {@code bench-e2e [options]} runs the end-to-end benchmark, the application
 * jar started as a server and driven over its HTTP API (docs/operations.md, "End-to-end benchmark").
 * Answers the exit code.
 */
public final class Tools {

    /** Last year's files read back with the application's own extraction reader; refused rows reported. */
    public static final ExtractionGenerator.LastYearReader LAST_YEAR = (file, content, err) -> {
        Extraction extraction = new ExtractionReader(ExtractionReader.Limits.defaults()).read(content);
        if (!extraction.problems().isEmpty()) {
            err.println(file + ": " + extraction.problems().size() + " row problem(s), those rows are left out.");
        }
        return extraction.rows();
    };

    private Tools() {
    }

    public static void main(String[] args) throws java.io.IOException {
        // Axon's update checker calls home; only this property turns it off (see STACK-NOTES).
        System.setProperty("axoniq.update-checker.disabled", "true");
        String command = args.length == 0 ? "" : args[0];
        switch (command) {
            case "generate" -> ExtractionGenerator.main(Arrays.copyOfRange(args, 1, args.length), LAST_YEAR);
            case "bench" -> System.exit(runBench(args));
            case "bench-e2e" -> System.exit(EndToEndBench.run(args));
            default -> {
                System.err.println("Usage: java -jar intrascol-tools.jar generate [options] | bench [options]"
                        + " | bench-e2e [options]");
                System.exit(2);
            }
        }
    }

    /** The benchmark: the application's context (no web server, a fresh data folder) with the bench runner. */
    public static int runBench(String... args) {
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(IntrascolSyncApplication.class)
                    .web(WebApplicationType.NONE)
                    .properties("intrascol.cli=bench", "spring.main.banner-mode=off")
                    .run(args);
        } catch (RuntimeException e) {
            return 1; // Spring has logged why
        }
        int code = context.getBean(BenchCli.class).exitCode();
        return SpringApplication.exit(context, () -> code);
    }
}

package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The man pages the build made (target/man, before the tests run), checked against the command model. */
class ManPagesTest {
    private static final Path PAGES = Path.of("target", "man");

    @Test
    void thereIsOnePagePerCommandAndSubcommand() throws IOException {
        TreeSet<String> expected = new TreeSet<>();
        for (CommandSpec spec : commands()) {
            expected.add(spec.qualifiedName("-") + ".1");
        }
        assertThat(expected).contains("unveil.1", "unveil-hosts.1", "unveil-balance-simulate.1",
                "unveil-synth-natify.1");
        assertThat(pageNames()).containsExactlyElementsOf(expected);
    }

    @Test
    void manRendersEveryPageWithoutWarningsAndEachNamesEveryOptionOfItsCommand() throws Exception {
        assumeTrue(onPath("man") && onPath("groff"), "man or groff is not installed (apt-get install man-db"
                + " groff-base; scripts/test does): the man pages are not rendered");
        for (CommandSpec spec : commands()) {
            String name = spec.qualifiedName("-");
            Rendered page = render(PAGES.resolve(name + ".1"));
            assertThat(page.code()).as(name).isZero();
            assertThat(page.err()).as("man's warnings for " + name).isEmpty();
            assertThat(page.text()).as(name).contains("NAME\n       " + name + " - ");
            for (OptionSpec option : spec.options()) {
                if (option.hidden()) {
                    continue;
                }
                for (String optionName : option.names()) {
                    // in OPTIONS, each at the start of an entry: "-f, --bpf=EXPR", "--json"
                    assertThat(page.text()).as(name + " names " + optionName)
                            .containsPattern("(?m)^ {7}(-\\S+, )*" + java.util.regex.Pattern.quote(optionName)
                                    + "([=,\\s]|$)");
                }
            }
            for (CommandLine sub : spec.subcommands().values()) {
                assertThat(page.text()).as(name + " lists " + sub.getCommandName())
                        .containsPattern("(?m)^ {7}" + sub.getCommandName() + "$");
            }
        }
    }

    private record Rendered(int code, String text, String err) {
    }

    private static Rendered render(Path page) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("man", "--warnings=w", "-l", page.toString());
        pb.environment().put("MANWIDTH", "200");
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().remove("MAN_KEEP_FORMATTING");
        Path err = Files.createTempFile("man", ".err");
        try {
            pb.redirectError(err.toFile());
            Process p = pb.start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            return new Rendered(code, text, Files.readString(err));
        } finally {
            Files.delete(err);
        }
    }

    /** Every command of the model, the root first, hidden ones left out as picocli's generator leaves them. */
    private static List<CommandSpec> commands() {
        List<CommandSpec> all = new ArrayList<>();
        collect(Unveil.model().getCommandSpec(), all);
        return all;
    }

    private static void collect(CommandSpec spec, List<CommandSpec> all) {
        all.add(spec);
        for (CommandLine sub : spec.subcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                collect(sub.getCommandSpec(), all);
            }
        }
    }

    private static TreeSet<String> pageNames() throws IOException {
        assertThat(PAGES).as("the build writes the man pages before the tests (mvn process-classes)").isDirectory();
        try (Stream<Path> files = Files.list(PAGES)) {
            return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors
                    .toCollection(TreeSet::new));
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}

package org.outgrow.security;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Checklist T38 and the code half of T16, as build gates: secrets come from {@code SecureRandom}
 * only; no MD5 or SHA-1; no Java or XML object deserialisation and no Jackson default typing; and
 * SQL is never put together from values: the only things concatenated into a statement are
 * constants (upper-case names) and the few identifiers listed here with the reason they are safe.
 */
class CodeRulesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.outgrow");

    /** Identifiers concatenated into SQL that are not input: file → names, each checked by reading the code. */
    private static final Map<String, Set<String>> SQL_IDENTIFIERS = Map.of(
            // decide/history take one of the class's own table-name constants.
            "clients/Intake.java", Set.of("table"),
            // requests(condition, value) is private and called only with literal conditions ("r.episode_id = ?").
            "supervision/SupervisionRequests.java", Set.of("condition"));

    @Test
    void secretsAndIdsNeverComeFromAPredictableGenerator() {
        noClasses().should().callConstructor(java.util.Random.class)
                .orShould().callMethod(java.util.UUID.class, "randomUUID")
                .orShould().callMethod(Math.class, "random")
                .orShould().accessClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .because("tokens, keys and ids come from SecureRandom (Tokens, Ids)").check(MAIN);
    }

    @Test
    void nothingIsDeserialisedAsObjects() {
        noClasses().should().accessClassesThat().haveFullyQualifiedName("java.io.ObjectInputStream")
                .orShould().accessClassesThat().haveFullyQualifiedName("java.beans.XMLDecoder")
                .orShould().accessClassesThat().haveNameMatching("com\\.thoughtworks\\.xstream\\..*")
                .orShould().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "Jackson default typing", call -> call.getName().contains("DefaultTyping")))
                .because("request data is read as JSON trees or records, never as arbitrary classes")
                .check(MAIN);
    }

    @Test
    void noWeakDigestIsAsked() throws IOException {
        Pattern weak = Pattern.compile("getInstance\\(\\s*\"(MD5|MD2|SHA-?1|SHA)\"", Pattern.CASE_INSENSITIVE);
        assertThat(sources().filter(source -> weak.matcher(read(source)).find()).map(Path::toString).toList())
                .isEmpty();
    }

    @Test
    void sqlIsNeverConcatenatedFromValues() throws IOException {
        List<String> offences = new ArrayList<>();
        Path root = Path.of("src/main/java/org/outgrow");
        List<Path> files = sources().toList();
        assertThat(files).hasSizeGreaterThan(100);
        for (Path file : files) {
            String name = root.relativize(file).toString().replace('\\', '/');
            String text = read(file);
            Matcher call = Pattern.compile("\\.(sql|execute|prepareStatement|update|query|queryForList|queryForObject)"
                    + "\\(\\s*\"").matcher(text);
            while (call.find()) {
                for (String identifier : identifiersIn(argument(text, call.end() - 1))) {
                    if (!identifier.matches("[A-Z][A-Z0-9_]*")
                            && !SQL_IDENTIFIERS.getOrDefault(name, Set.of()).contains(identifier)) {
                        offences.add(name + ": " + identifier);
                    }
                }
            }
        }
        assertThat(offences).as("values concatenated into SQL (use ? parameters)").isEmpty();
    }

    @Test
    void theSqlRuleCatchesAConcatenatedValue() {
        String code = "jdbc.sql(\"select * from client where name = '\" + name + \"' order by \" + SORT).query();";
        int start = code.indexOf("(\"") + 1;
        assertThat(identifiersIn(argument(code, start))).containsExactly("name", "SORT");
    }

    /** The text of the call's first argument, from its opening quote to the comma or parenthesis that ends it. */
    static String argument(String text, int start) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
                out.append(' ');
            } else if (c == '(') {
                depth++;
                out.append(c);
            } else if ((c == ')' || c == ',') && depth == 0) {
                break;
            } else {
                if (c == ')') {
                    depth--;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Names left in an argument once its string literals are gone: what was concatenated. */
    static List<String> identifiersIn(String argument) {
        List<String> names = new ArrayList<>();
        Matcher name = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*").matcher(argument);
        while (name.find()) {
            String found = name.group();
            names.add(found.contains(".") ? found.substring(found.lastIndexOf('.') + 1) : found);
        }
        return names;
    }

    private static Stream<Path> sources() throws IOException {
        return Files.walk(Path.of("src/main/java")).filter(path -> path.toString().endsWith(".java")).toList().stream();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package org.outgrow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar carries its software bill of materials (CycloneDX, checklist T38): every
 * library in it is listed with its version, a package URL and a SHA-256 hash, and nothing that is
 * only for tests is listed or packaged. Checking the listed libraries against a vulnerability
 * feed is the release check of docs/security-checklist.md; it needs the network.
 */
class SbomIT {

    private static final Pattern LIBRARY = Pattern.compile("BOOT-INF/lib/(.+)-(\\d[^/]*)\\.jar");

    @Test
    void theJarListsEveryLibraryItCarriesAndNoTestLibrary() throws IOException {
        Path jar = Path.of(System.getProperty("outgrow.jar", "target/outgrow.jar"));
        List<String> packaged = new ArrayList<>();
        JsonNode bom;
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(entry -> LIBRARY.matcher(entry.getName())).filter(Matcher::matches)
                    .forEach(library -> packaged.add(library.group(1) + ":" + library.group(2)));
            try (InputStream in = file.getInputStream(file.getEntry("META-INF/sbom/application.cdx.json"))) {
                bom = JsonMapper.builder().build().readTree(in);
            }
        }
        assertThat(bom.path("bomFormat").asString()).isEqualTo("CycloneDX");
        Set<String> listed = new HashSet<>();
        for (JsonNode component : bom.path("components")) {
            String purl = component.path("purl").asString();
            Matcher classifier = Pattern.compile("[?&]classifier=([^&]+)").matcher(purl);
            listed.add(component.path("name").asString() + ":" + component.path("version").asString()
                    + (classifier.find() ? "-" + classifier.group(1) : ""));
            assertThat(purl).as(component.toString()).startsWith("pkg:maven/");
            List<String> algorithms = new ArrayList<>();
            component.path("hashes").forEach(hash -> algorithms.add(hash.path("alg").asString()));
            assertThat(algorithms).as(component.path("name").asString()).contains("SHA-256");
        }
        // The launcher and the tools of Spring Boot's jar format are added by the repackaging, not dependencies.
        packaged.removeIf(library -> library.startsWith("spring-boot-jarmode-tools:"));
        assertThat(packaged).as("libraries in the jar").hasSizeGreaterThan(100);
        assertThat(listed).as("every packaged library is in the bill of materials").containsAll(packaged);
        for (String testOnly : List.of("junit-jupiter-api", "mockito-core", "playwright", "greenmail", "archunit",
                "assertj-core", "jmh-core")) {
            assertThat(listed).noneMatch(library -> library.startsWith(testOnly + ":"));
            assertThat(packaged).noneMatch(library -> library.startsWith(testOnly + ":"));
        }
    }
}

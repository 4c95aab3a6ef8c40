package org.outgrow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/** Deny by default: every handler method carries its own {@code @PreAuthorize}, on itself or its class. */
class EveryHandlerStatesItsAccessRuleTest {

    /** The error page must answer everyone, whatever went wrong. */
    private static final Set<String> PUBLIC_BY_DESIGN = Set.of("org.outgrow.shared.web.ErrorPageController");

    @Test
    void everyControllerMethodHasAnAccessRule() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.outgrow");
        List<String> unguarded = classes.stream()
                .filter(type -> type.isAnnotatedWith(Controller.class) || type.isMetaAnnotatedWith(Controller.class))
                .filter(type -> !PUBLIC_BY_DESIGN.contains(type.getName()))
                .flatMap(type -> type.getMethods().stream()
                        .filter(method -> method.isMetaAnnotatedWith(RequestMapping.class))
                        .filter(method -> !method.isAnnotatedWith(PreAuthorize.class)
                                && !type.isAnnotatedWith(PreAuthorize.class))
                        .map(method -> type.getSimpleName() + "." + method.getName()))
                .toList();
        assertThat(unguarded).isEmpty();
    }
}

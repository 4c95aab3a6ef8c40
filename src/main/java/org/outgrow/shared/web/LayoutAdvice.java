package org.outgrow.shared.web;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts what the layout needs on every page: DEMO marker, the person's name and their navigation. */
@ControllerAdvice
class LayoutAdvice {

    private final boolean demo;
    private final List<Navigation> navigation;

    LayoutAdvice(@Value("${outgrow.demo.enabled:false}") boolean demo, List<Navigation> navigation) {
        this.demo = demo;
        this.navigation = navigation.stream().sorted(Comparator.comparingInt(Navigation::order)).toList();
    }

    @ModelAttribute("demo")
    boolean demo() {
        return demo;
    }

    @ModelAttribute("signedInName")
    @Nullable String signedInName() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof org.outgrow.shared.Actor named
                ? named.displayName() : null;
    }

    @ModelAttribute("navigation")
    List<Navigation> navigation() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            return List.of();
        }
        Set<String> authorities = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        return navigation.stream()
                .filter(item -> item.roles().stream().anyMatch(role -> authorities.contains("ROLE_" + role)))
                .toList();
    }

}

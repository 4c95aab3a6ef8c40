package org.outgrow.shared.web;

import java.util.Set;

/**
 * A link in the main navigation, contributed by the module that owns the page. The layout shows
 * the links whose roles the signed-in person holds.
 */
public record Navigation(String path, String messageKey, Set<String> roles, int order) {
}

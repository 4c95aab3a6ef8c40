package org.outgrow.shared.web;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.VersionResourceResolver;

/**
 * The static files, under their own paths and no others: the stylesheet, script and icon, with
 * their content hash in the address ({@code /css/outgrow-<hash>.css}), and htmx from its webjar.
 * Spring Boot's default maps static files to {@code /**}, and then every link a page writes
 * ({@code @{...}}) is first looked for as a file on the class path, in every static location, to
 * see whether it needs a hash: on the outcome report's 3,082 therapist links that was 0.7 s of a
 * 1.5 s page (docs/benchmarks.md). {@code spring.web.resources.add-mappings=false} turns the
 * default off; {@code spring.web.resources.chain.enabled} keeps the filter that writes the hashed
 * links. {@link #PATHS} is also what sign-in and the in-room lock let through.
 */
@Configuration(proxyBeanMethods = false)
public class StaticResources implements WebMvcConfigurer {

    /** The paths of static files, hashed ones first; nothing else is served as a file. */
    public static final List<String> PATHS = List.of("/css/", "/js/", "/icons/", "/webjars/");
    private static final List<String> HASHED = List.of("/css/", "/js/", "/icons/");

    /** {@link #PATHS} as request patterns ({@code /css/**}). */
    public static String[] patterns() {
        return PATHS.stream().map(path -> path + "**").toArray(String[]::new);
    }

    public static boolean isStatic(String path) {
        return PATHS.stream().anyMatch(path::startsWith);
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        VersionResourceResolver byContent = new VersionResourceResolver().addContentVersionStrategy("/**");
        for (String path : HASHED) {
            registry.addResourceHandler(path + "**").addResourceLocations("classpath:/static" + path)
                    .resourceChain(true).addResolver(byContent);
        }
        registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/");
    }
}

package org.outgrow.shared.web;

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
 * default off; the resource chain property keeps the filter that writes the hashed links.
 */
@Configuration(proxyBeanMethods = false)
class StaticResources implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        VersionResourceResolver byContent = new VersionResourceResolver().addContentVersionStrategy("/**");
        registry.addResourceHandler("/css/**").addResourceLocations("classpath:/static/css/")
                .resourceChain(true).addResolver(byContent);
        registry.addResourceHandler("/js/**").addResourceLocations("classpath:/static/js/")
                .resourceChain(true).addResolver(byContent);
        registry.addResourceHandler("/icons/**").addResourceLocations("classpath:/static/icons/")
                .resourceChain(true).addResolver(byContent);
        registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/");
    }
}

package org.outgrow.testing;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.http.Cookie;
import org.jspecify.annotations.Nullable;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Someone using the application through MockMvc: keeps the session cookie between requests as a
 * browser would (sessions live in the database, so only the cookie ties requests together) and
 * comes from an address of their own, so the per-address throttle never trips unrelated tests.
 */
public final class Visitor {

    public static final String SESSION_COOKIE = "__Host-outgrow";

    private final MockMvc mvc;
    private final String address;
    private @Nullable Cookie session;

    public Visitor(MockMvc mvc) {
        this(mvc, randomAddress());
    }

    public Visitor(MockMvc mvc, String address) {
        this.mvc = mvc;
        this.address = address;
    }

    public static Visitor signedIn(MockMvc mvc, String email, String password) throws Exception {
        return signedIn(mvc, email, password, "en");
    }

    /** Signs in from a browser that asks for {@code language} (an Accept-Language header). */
    public static Visitor signedIn(MockMvc mvc, String email, String password, String language) throws Exception {
        Visitor visitor = new Visitor(mvc);
        String target = visitor.perform(post("/login").header("Accept-Language", language).param("email", email)
                .param("password", password).with(csrf())).getResponse().getRedirectedUrl();
        if (!"/".equals(target) && !"/login/second-factor".equals(target)) {
            throw new AssertionError("Sign-in failed for " + email + ": redirected to " + target);
        }
        return visitor;
    }

    /** Signs in with the object mother's password, for tests that only need the audit trail of it. */
    public static Visitor signInQuietly(MockMvc mvc, String email) {
        try {
            return signedIn(mvc, email, TestPractice.PASSWORD);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public MvcResult signIn(String email, String password) throws Exception {
        return perform(post("/login").param("email", email).param("password", password).with(csrf()));
    }

    public MvcResult perform(AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        if (session != null) {
            request.cookie(session);
        }
        request.with(servletRequest -> {
            servletRequest.setRemoteAddr(address);
            return servletRequest;
        });
        MvcResult result = mvc.perform(request).andReturn();
        Cookie cookie = result.getResponse().getCookie(SESSION_COOKIE);
        if (cookie != null) {
            session = cookie.getMaxAge() == 0 ? null : cookie;
        }
        return result;
    }

    private static final java.util.regex.Pattern API_TOKEN =
            java.util.regex.Pattern.compile("id=\"secret\" readonly value=\"(og_[\\w-]+)\"");

    /**
     * A signed-in therapist creates an API token on their account page (valid 90 days, with the
     * given scopes) and reads the secret off the page, where it is shown once.
     */
    public String createApiToken(String... scopes) throws Exception {
        MockHttpServletRequestBuilder create = post("/account/api-tokens").param("name", "Records system")
                .param("days", "90").with(csrf());
        for (String scope : scopes) {
            create.param("scopes", scope);
        }
        java.util.regex.Matcher secret = API_TOKEN.matcher(perform(create).getResponse().getContentAsString());
        if (!secret.find()) {
            throw new AssertionError("No API token was shown after creating one");
        }
        return secret.group(1);
    }

    public @Nullable String sessionId() {
        return session == null ? null : session.getValue();
    }

    private static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }
}

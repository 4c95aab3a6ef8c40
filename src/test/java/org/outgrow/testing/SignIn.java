package org.outgrow.testing;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Signs in through the real login form and returns the session, as a browser would hold it. */
public final class SignIn {

    private SignIn() {
    }

    public static MockHttpSession withPassword(MockMvc mvc, String email, String password) throws Exception {
        MvcResult result = mvc.perform(post("/login").param("email", email).param("password", password).with(csrf()))
                .andReturn();
        MockHttpSession session = (MockHttpSession) result.getRequest().getSession(false);
        if (session == null || !"/".equals(result.getResponse().getRedirectedUrl())
                && !"/login/second-factor".equals(result.getResponse().getRedirectedUrl())) {
            throw new AssertionError("Sign-in failed for " + email + ": " + result.getResponse().getRedirectedUrl());
        }
        return session;
    }
}

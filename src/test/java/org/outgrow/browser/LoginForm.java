package org.outgrow.browser;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

/** The sign-in page as a person uses it: by its labels and its button. */
final class LoginForm {

    private LoginForm() {
    }

    static void signIn(Page page, String email, String password) {
        page.navigate("/login");
        page.getByLabel("E-mail address").fill(email);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
    }
}

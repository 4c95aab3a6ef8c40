package org.outgrow.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** Pages link the stylesheet and script by content hash; static files are served under their own paths only. */
@OutgrowTest
class StaticResourcesTest {

    @Autowired
    MockMvc mvc;

    @Test
    void pagesLinkHashedFilesAndNothingElseIsServedAsAFile() throws Exception {
        String page = mvc.perform(get("/login")).andReturn().getResponse().getContentAsString();
        Matcher css = Pattern.compile("href=\"(/css/outgrow-[0-9a-f]{32}\\.css)\"").matcher(page);
        Matcher js = Pattern.compile("src=\"(/js/outgrow-[0-9a-f]{32}\\.js)\"").matcher(page);
        assertThat(css.find()).as("stylesheet linked by its content hash: " + page).isTrue();
        assertThat(js.find()).as("script linked by its content hash").isTrue();
        assertThat(mvc.perform(get(css.group(1))).andReturn().getResponse().getContentAsString()).contains("{");
        assertThat(mvc.perform(get(js.group(1))).andReturn().getResponse().getStatus()).isEqualTo(200);
        Matcher icon = Pattern.compile("rel=\"icon\" type=\"image/svg\\+xml\" href=\"(/icons/outgrow-[0-9a-f]{32}\\.svg)\"")
                .matcher(page);
        assertThat(icon.find()).as("an icon, so browsers ask for no /favicon.ico").isTrue();
        assertThat(mvc.perform(get(icon.group(1))).andReturn().getResponse().getContentType()).startsWith("image/svg");
        assertThat(mvc.perform(get("/webjars/htmx.org/2.0.10/dist/htmx.min.js")).andReturn().getResponse()
                .getStatus()).isEqualTo(200);

        for (String elsewhere : new String[] {"/outgrow.css", "/static/css/outgrow.css", "/css/../application.properties",
            "/messages.properties", "/db/migration/V1__practice.sql"}) {
            assertThat(mvc.perform(get(elsewhere)).andReturn().getResponse().getStatus()).as(elsewhere)
                    .isIn(401, 302, 404, 400);
        }
    }
}

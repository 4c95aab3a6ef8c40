package org.outgrow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A signed-in browser against a running application, reduced to what the process tests need. It
 * carries the session cookie itself: the cookie is Secure, and java.net's cookie handler rightly
 * withholds it over plain HTTP.
 */
final class Web {

    static final String THERAPIST = "sam.okafor@outgrow-demo.test";
    static final String PASSWORD = "outgrow demo 2026";

    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("__Host-outgrow=([^;]+)");
    private static final Pattern CLIENT_LINK = Pattern.compile("<a href=\"/clients/[0-9a-f-]{36}\">([^<]*)</a>");
    private static final Pattern API_TOKEN = Pattern.compile("id=\"secret\" readonly value=\"(og_[\\w-]+)\"");
    private static final Pattern CLIENT_PAGE = Pattern.compile(".*/clients/[0-9a-f-]{36}");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final URI url;
    private volatile String session = "";
    private volatile String csrf = "";

    private Web(URI url) {
        this.url = url;
    }

    static Web anonymous(URI url) {
        return new Web(url);
    }

    static Web signIn(URI url) throws IOException, InterruptedException {
        Web web = signIn(url, THERAPIST);
        web.get("/clients"); // the token changes at sign-in
        return web;
    }

    /** Any demo account (they share one password); the CSRF token is the sign-in page's until a page is read. */
    static Web signIn(URI url, String email) throws IOException, InterruptedException {
        Web web = new Web(url);
        web.get("/login");
        HttpResponse<String> login = web.post("/login", Map.of("email", email, "password", PASSWORD));
        assertThat(login.statusCode()).as("sign-in").isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).as("sign-in").doesNotContain("error");
        return web;
    }

    /** A new API token of the signed-in therapist, as the token page shows it once. */
    String issueApiToken(String... scopes) throws IOException, InterruptedException {
        get("/account/api-tokens");
        Map<String, String> form = new LinkedHashMap<>(Map.of("name", "Crash drill", "days", "30"));
        StringBuilder scopeFields = new StringBuilder();
        for (String scope : scopes) {
            scopeFields.append("&scopes=").append(scope);
        }
        HttpResponse<String> page = send(HttpRequest.newBuilder(url.resolve("/account/api-tokens"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form) + scopeFields)));
        Matcher secret = API_TOKEN.matcher(page.body());
        assertThat(secret.find()).as("the new token is shown (status %d)", page.statusCode()).isTrue();
        return secret.group(1);
    }

    /** A FHIR call with a bearer token: no session, no CSRF token (a bearer is not sent by browsers). */
    HttpResponse<String> fhir(String token, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/fhir+json");
        request = body.isEmpty() ? request.GET() : request.header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The same session (cookie and CSRF token) presented to another node. */
    Web on(URI otherNode) {
        Web web = new Web(otherNode);
        web.session = session;
        web.csrf = csrf;
        return web;
    }

    /** True when the application acknowledged the registration with the new client's page. */
    static boolean acknowledgedRegistration(HttpResponse<String> response) {
        return response.statusCode() == 302
                && CLIENT_PAGE.matcher(response.headers().firstValue("Location").orElse("")).matches();
    }

    Map<String, Long> clientNamesStartingWith(String prefix) throws IOException, InterruptedException {
        HttpResponse<String> page = get("/clients");
        assertThat(page.statusCode()).isEqualTo(200);
        Map<String, Long> names = new HashMap<>();
        Matcher link = CLIENT_LINK.matcher(page.body());
        while (link.find()) {
            if (link.group(1).startsWith(prefix)) {
                names.merge(link.group(1), 1L, Long::sum);
            }
        }
        return names;
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    HttpResponse<String> post(String path, Map<String, String> form, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** The form with this session's CSRF token added. */
    private String encode(Map<String, String> form) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        fields.put("_csrf", csrf);
        return fields.entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (!session.isEmpty()) {
            request.header("Cookie", "__Host-outgrow=" + session);
        }
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        for (String cookie : response.headers().allValues("Set-Cookie")) {
            Matcher value = SESSION.matcher(cookie);
            if (value.find()) {
                session = value.group(1);
            }
        }
        Matcher token = CSRF.matcher(response.body());
        if (token.find()) {
            csrf = token.group(1);
        }
        return response;
    }
}

package org.outgrow.hapibench;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import ca.uhn.fhir.rest.server.RestfulServer;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the HAPI FHIR JPA server of {@link BenchJpaConfig} in embedded Tomcat (the servlet
 * container Outgrow runs in, with its default 200 threads), FHIR base {@code /fhir}.
 *
 * <pre>
 * java -cp target/classes:$(cat cp.txt) org.outgrow.hapibench.HapiJpaServer \
 *     --port 18490 --url jdbc:postgresql://127.0.0.1:5432/hapi_bench --user postgres
 * </pre>
 */
public final class HapiJpaServer {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].substring(2), args[i + 1]);
        }
        AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext();
        spring.getEnvironment().getPropertySources().addFirst(new MapPropertySource("options", Map.of(
                "hapi.db.url", options.getOrDefault("url", "jdbc:postgresql://127.0.0.1:5432/hapi_bench"),
                "hapi.db.user", options.getOrDefault("user", "postgres"),
                "hapi.db.password", options.getOrDefault("password", ""),
                "hapi.db.pool", options.getOrDefault("pool", "10"))));
        spring.register(BenchJpaConfig.class);
        spring.refresh();
        spring.registerShutdownHook();

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("hapi-tomcat").toString());
        tomcat.setPort(Integer.parseInt(options.getOrDefault("port", "18490")));
        tomcat.getConnector();
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "fhir", spring.getBean(RestfulServer.class)).setLoadOnStartup(1);
        context.addServletMappingDecoded("/fhir/*", "fhir");
        tomcat.start();
        System.out.println("HAPI FHIR JPA server ready on port " + tomcat.getConnector().getLocalPort());
        tomcat.getServer().await();
    }
}

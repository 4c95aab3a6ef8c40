package org.outgrow.shared.db;

import java.nio.file.Path;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires the database: the server (embedded or external), a pooled data source for the
 * application role, an unpooled one for the owner that Flyway migrates with, and the transaction
 * manager that applies the tenancy context.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    DatabaseServer databaseServer(DatabaseProperties properties, @Value("${outgrow.home}") Path home) {
        if (properties.external()) {
            return ExternalDatabaseServer.from(properties);
        }
        return EmbeddedDatabaseServer.start(DatabaseProperties.embeddedDataDirectory(home));
    }

    @Bean
    @Primary
    HikariDataSource dataSource(DatabaseServer server, DatabaseProperties properties) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName("outgrow");
        dataSource.setJdbcUrl(server.jdbcUrl());
        dataSource.setUsername(server.appUser());
        dataSource.setPassword(server.appPassword());
        dataSource.setMaximumPoolSize(properties.pool());
        dataSource.setConnectionTimeout(properties.connectionWait().toMillis());
        // PostgreSQL's JIT compiles a large query's plan before running it: 1.9 s of the outcome
        // report's 6.5 s over 100,000 episodes, for queries that run in well under a second
        // without it (docs/benchmarks.md). The application's queries are all of that kind.
        dataSource.addDataSourceProperty("options", "-c jit=off");
        // The invariants (one response per key, per request, ...) are unique constraints and conditional
        // updates built for READ COMMITTED; at SERIALIZABLE concurrent requests fail with 40001 (sessions,
        // the audit chain's head), so a server, database or role default of another level is overridden:
        // on every new connection, also when the default changes while the pool runs.
        dataSource.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        dataSource.setConnectionInitSql("set session characteristics as transaction isolation level read committed");
        if (server instanceof EmbeddedDatabaseServer embedded) {
            // Connections to the dead server would each fail one request before the pool noticed.
            embedded.afterRestart(() -> {
                if (dataSource.getHikariPoolMXBean() != null) {
                    dataSource.getHikariPoolMXBean().softEvictConnections();
                }
            });
        }
        return dataSource;
    }

    @Bean(defaultCandidate = false)
    @FlywayDataSource
    DataSource migrationDataSource(DatabaseServer server) {
        return new SimpleDriverDataSource(new org.postgresql.Driver(), server.jdbcUrl(), server.ownerUser(),
                server.ownerPassword());
    }

    @Bean
    FlywayConfigurationCustomizer applicationRolePlaceholder(DatabaseServer server) {
        return configuration -> configuration.placeholders(Map.of("appRole", server.appUser()));
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new TenantTransactionManager(dataSource);
    }
}

package app.cloak.platform.jobs;

import app.cloak.shared.Ids;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** One lease holder per running application (a random node id), and the job runner that uses it. */
@Configuration(proxyBeanMethods = false)
class JobsConfiguration {
    @Bean
    JobLeases jobLeases(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
        return new JobLeases(jdbc, clock, Ids.newId("node"), new TransactionTemplate(transactions));
    }

    @Bean
    ClusterJobs clusterJobs(JobLeases leases) {
        return new ClusterJobs(leases);
    }
}

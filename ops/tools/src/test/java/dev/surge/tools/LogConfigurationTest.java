package dev.surge.tools;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.surge.schemas.AuditLog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** surge.jar's own log configurations, as logback reads them when Surge starts. */
class LogConfigurationTest {

    @ParameterizedTest
    @ValueSource(strings = {"logback.xml", "logback-text.xml"})
    void noLogLevelSilencesTheAuditTrail(String file) throws JoranException {
        LoggerContext quiet = load(file, "ERROR");

        assertThat(quiet.getLogger("dev.surge.ingress").isInfoEnabled()).as("LOG_LEVEL=ERROR applies").isFalse();
        assertThat(quiet.getLogger(AuditLog.LOGGER).isInfoEnabled()).isTrue();
        assertThat(quiet.getLogger(AuditLog.LOGGER).iteratorForAppenders().hasNext()
                || quiet.getLogger("ROOT").iteratorForAppenders().hasNext()).as("written somewhere").isTrue();
    }

    private static LoggerContext load(String file, String logLevel) throws JoranException {
        LoggerContext context = new LoggerContext();
        context.putProperty("LOG_LEVEL", logLevel);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogConfigurationTest.class.getResource("/" + file));
        return context;
    }
}

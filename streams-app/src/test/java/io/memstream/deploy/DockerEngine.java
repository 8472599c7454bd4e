package io.memstream.deploy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.testcontainers.DockerClientFactory;

/**
 * A test class that needs a Docker engine. Where none answers (the build machines, CI) its tests are skipped, never
 * passed: the reason is printed and stands in the test report as the skip message.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(DockerEngine.Condition.class)
@interface DockerEngine {

    /** What the tests do with the engine, for the skip message. */
    String value();

    /** Asks Testcontainers, which knows every place an engine may be (DOCKER_HOST, sockets, its properties file). */
    final class Condition implements ExecutionCondition {

        private static final Path SOCKET = Path.of("/var/run/docker.sock");

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isPresent()) {
                return ConditionEvaluationResult.enabled("the class found a Docker engine");
            }
            String purpose = AnnotationSupport.findAnnotation(context.getElement(), DockerEngine.class)
                    .map(DockerEngine::value).orElse("these tests need containers");
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return ConditionEvaluationResult.enabled("a Docker engine answers");
            }
            String dockerHost = System.getenv("DOCKER_HOST");
            String reason = "skipped: no Docker engine (DOCKER_HOST " + (dockerHost == null ? "unset" : dockerHost + " not answering")
                    + ", " + SOCKET + (Files.exists(SOCKET) ? " not answering" : " missing") + ") — " + purpose;
            System.out.println(context.getDisplayName() + ": " + reason);
            return ConditionEvaluationResult.disabled(reason);
        }
    }
}

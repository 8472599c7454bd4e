package io.memstream.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure of docs/architecture.md, checked on the compiled classes of both modules (tests excluded):
 * packages depend on each other in one direction only, and the production packages never reach into the laptop stack.
 */
class PackageRulesTest {

    private static final String[] LAPTOP_PACKAGES = {
            "io.memstream.laptop..", "io.memstream.embedded..", "io.memstream.feed..", "io.memstream.evaluation..",
            "io.memstream.sim.."};
    private static final String[] PRODUCTION_PACKAGES = {
            "io.memstream.cli..", "io.memstream.app..", "io.memstream.config..", "io.memstream.topology..",
            "io.memstream.batching..", "io.memstream.enrichment..", "io.memstream.memory..", "io.memstream.domain..",
            "io.memstream.errors..", "io.memstream.ops..", "io.memstream.sink..", "io.memstream.schemas..",
            "io.memstream.serde..", "io.memstream.registry..", "io.memstream.text.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // Production classes come from app/target/classes or, once packaged, from the app's jar; test classes from
        // neither (the app's test jar included).
        ImportOption mainCodeOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        classes = new ClassFileImporter().withImportOption(mainCodeOnly).importPackages("io.memstream");
    }

    @Test
    void importsTheClassesOfBothModules() {
        assertThat(classes.contain("io.memstream.topology.MemstreamTopology")).isTrue();
        assertThat(classes.contain("io.memstream.laptop.LaptopMain")).isTrue();
        assertThat(classes.contain("io.memstream.topology.TopologyFixture")).isFalse();
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().matching("io.memstream.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void productionCodeNeverReachesIntoTheLaptopStack() {
        noClasses().that().resideInAnyPackage(PRODUCTION_PACKAGES)
                .should().dependOnClassesThat().resideInAnyPackage(LAPTOP_PACKAGES)
                .check(classes);
    }

    @Test
    void stagesReceiveTheirWiringInsteadOfReadingTheTopology() {
        noClasses().that().resideInAnyPackage("io.memstream.batching..", "io.memstream.enrichment..",
                        "io.memstream.memory..", "io.memstream.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.memstream.topology..", "io.memstream.app..",
                        "io.memstream.cli..")
                .check(classes);
    }
}

package dev.panoptes.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency arrows of the design, checked over the compiled classes of every module, so
 * that a wrong import fails the build instead of waiting for a reviewer: nothing depends on the
 * server; the query engine and the query API read through the storage interfaces, never the TSDB;
 * storage knows nothing of queries, ingestion or the API.
 */
class ArchitectureTest {

    private static JavaClasses panoptes;

    @BeforeAll
    static void importClasses() {
        panoptes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // Test jars shared between modules (the object-store contract) are tests too.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.panoptes");
    }

    @Test
    void nothingDependsOnTheServer() {
        noClasses().that().resideOutsideOfPackage("dev.panoptes.server..")
                .should().dependOnClassesThat().resideInAPackage("dev.panoptes.server..")
                .check(panoptes);
    }

    @Test
    void coreDependsOnNoPillar() {
        noClasses().that().resideInAPackage("dev.panoptes.core..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.panoptes.core..", "java..", "javax..",
                        "com.fasterxml.jackson..", "org.yaml.snakeyaml..", "org.slf4j..", "com.google.re2j..", "org.roaringbitmap..")
                .check(panoptes);
    }

    @Test
    void storageInterfacesDependOnlyOnCore() {
        noClasses().that().resideInAPackage("dev.panoptes.metrics.storage..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.panoptes.metrics.tsdb..", "dev.panoptes.metrics.promql..", "dev.panoptes.metrics.api..",
                        "dev.panoptes.metrics.ingest..", "dev.panoptes.metrics.scrape..")
                .allowEmptyShould(true)
                .check(panoptes);
    }

    @Test
    void queryEngineReadsThroughStorageInterfacesNotTheTsdb() {
        noClasses().that().resideInAPackage("dev.panoptes.metrics.promql..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.panoptes.metrics.tsdb..", "dev.panoptes.metrics.api..",
                        "dev.panoptes.metrics.ingest..", "dev.panoptes.metrics.scrape..")
                .allowEmptyShould(true)
                .check(panoptes);
    }

    @Test
    void histogramFunctionsDependOnlyOnCore() {
        noClasses().that().resideInAPackage("dev.panoptes.metrics.promql.histogram..")
                .should().dependOnClassesThat().resideOutsideOfPackages(
                        "dev.panoptes.metrics.promql.histogram..", "dev.panoptes.core..", "java..")
                .check(panoptes);
    }

    @Test
    void tsdbKnowsNothingOfQueriesIngestionOrTheApi() {
        noClasses().that().resideInAPackage("dev.panoptes.metrics.tsdb..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.panoptes.metrics.promql..", "dev.panoptes.metrics.api..",
                        "dev.panoptes.metrics.ingest..", "dev.panoptes.metrics.scrape..")
                .allowEmptyShould(true)
                .check(panoptes);
    }

    @Test
    void queryApiReadsThroughTheEngineAndStorageInterfacesNotTheTsdb() {
        noClasses().that().resideInAPackage("dev.panoptes.metrics.api..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.panoptes.metrics.tsdb..", "dev.panoptes.metrics.ingest..", "dev.panoptes.metrics.scrape..",
                        "dev.panoptes.wire..")
                .allowEmptyShould(true)
                .check(panoptes);
    }

    @Test
    void receiversDoNotQuery() {
        noClasses().that().resideInAnyPackage("dev.panoptes.metrics.ingest..", "dev.panoptes.metrics.scrape..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.panoptes.metrics.promql..", "dev.panoptes.metrics.api..")
                .allowEmptyShould(true)
                .check(panoptes);
    }

    @Test
    void logStoreKnowsNothingOfQueriesIngestionOrTheApi() {
        noClasses().that().resideInAPackage("dev.panoptes.logs.store..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.panoptes.logs.logql..", "dev.panoptes.logs.ingest..", "dev.panoptes.logs.api..")
                .check(panoptes);
    }

    @Test
    void logQueriesReadThroughTheReaderInterfaceNotTheConcreteStore() {
        noClasses().that().resideInAnyPackage("dev.panoptes.logs.logql..", "dev.panoptes.logs.api..")
                .should().dependOnClassesThat().haveNameMatching(
                        "dev\\.panoptes\\.logs\\.store\\.(TenantLogStore|TenantLogStores|LogStream|LogChunk|LogBatch|LogWalRecords)(\\$.*)?")
                .check(panoptes);
    }

    @Test
    void logQueriesAndLogIngestionDoNotReachIntoEachOther() {
        noClasses().that().resideInAPackage("dev.panoptes.logs.ingest..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.panoptes.logs.logql..", "dev.panoptes.logs.api..")
                .check(panoptes);
        noClasses().that().resideInAnyPackage("dev.panoptes.logs.logql..", "dev.panoptes.logs.api..")
                .should().dependOnClassesThat().resideInAPackage("dev.panoptes.logs.ingest..")
                .check(panoptes);
    }

    @Test
    void logsAndMetricsAreIndependentPillars() {
        // LogQL's metric queries reuse PromQL's operators through the query package's small public interface, nothing else.
        noClasses().that().resideInAPackage("dev.panoptes.logs..")
                .should().dependOnClassesThat(DescribedPredicate.describe("metrics classes outside promql.VectorOperations' interface",
                        (JavaClass c) -> c.getPackageName().startsWith("dev.panoptes.metrics") && !c.getName().matches(
                                "dev\\.panoptes\\.metrics\\.promql\\.(VectorOperations|StepSeries|QueryException"
                                        + "|parser\\.(AggregateOp|BinaryOp|VectorMatching))(\\$.*)?")))
                .check(panoptes);
        noClasses().that().resideInAPackage("dev.panoptes.metrics..")
                .should().dependOnClassesThat().resideInAPackage("dev.panoptes.logs..")
                .check(panoptes);
    }
}

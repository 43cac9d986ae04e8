package org.unveil.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering the README promises: cli on top, capabilities below, the capture core free of frameworks. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.unveil");

    @Test
    void captureCoreUsesNoFrameworkAndNothingAboveIt() {
        noClasses().that().resideInAPackage("org.unveil.capture..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "com.fasterxml..", "org.unveil.cli..")
                .check(CLASSES);
    }

    @Test
    void theGlobEngineStandsAloneWithoutFrameworks() {
        // one engine, two homes: the simulator (balance) and the gateway daemon both sit on top of it
        noClasses().that().resideInAPackage("org.unveil.glob..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "com.fasterxml..", "io.netty..",
                        "org.unveil.capture..", "org.unveil.balance..", "org.unveil.gateway..", "org.unveil.cli..",
                        "org.unveil.generator..", "org.unveil.testbed..")
                .check(CLASSES);
    }

    @Test
    void theGatewayDaemonSitsOnTheEngineAlone() {
        noClasses().that().resideInAPackage("org.unveil.gateway..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "com.fasterxml..",
                        "org.unveil.balance..", "org.unveil.cli..", "org.unveil.capture..", "org.unveil.testbed..")
                .check(CLASSES);
    }

    @Test
    void hostDiscoveryAndTheGeneratorStayApartFromTracing() {
        noClasses().that().resideInAnyPackage("org.unveil.hosts..", "org.unveil.synth..")
                .should().dependOnClassesThat().resideInAnyPackage("org.unveil.trace..", "org.unveil.balance..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("org.unveil.synth..")
                .should().dependOnClassesThat().resideInAPackage("org.unveil.hosts..")
                .check(CLASSES);
        // host discovery reads the label contract only; the generator is its tests' business
        noClasses().that().resideInAPackage("org.unveil.hosts..")
                .should().dependOnClassesThat().resideInAPackage("org.unveil.synth..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("org.unveil.labels..")
                .should().dependOnClassesThat().resideInAnyPackage("org.unveil.synth..", "org.unveil.hosts..",
                        "org.unveil.testbed..", "org.unveil.cli..", "picocli..", "com.fasterxml..")
                .check(CLASSES);
    }

    @Test
    void analysisCoresUseNoFrameworkAndDrawNothing() {
        noClasses().that().resideInAnyPackage("org.unveil.balance..", "org.unveil.trace..", "org.unveil.hosts..",
                        "org.unveil.synth..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "com.fasterxml..", "org.knowm..",
                        "org.unveil.cli..", "org.unveil.plot..")
                .check(CLASSES);
    }

    @Test
    void probingDependsOnlyDownwardsAndUsesNoFramework() {
        // cli -> probe -> capture: the probe core neither knows the commands nor pulls in the other capabilities
        noClasses().that().resideInAPackage("org.unveil.probe..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "com.fasterxml..", "org.knowm..",
                        "org.unveil.cli..", "org.unveil.plot..", "org.unveil.trace..",
                        "org.unveil.hosts..", "org.unveil.balance..", "org.unveil.synth..", "org.unveil.scan..",
                        // Netty's codecs as parsers over our own sockets, never its transport
                        "io.netty.channel.epoll..", "io.netty.channel.socket..", "io.netty.channel.nio..",
                        "io.netty.bootstrap..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("org.unveil.capture..", "org.unveil.trace..", "org.unveil.hosts..",
                        "org.unveil.balance..", "org.unveil.synth..", "org.unveil.plot..", "org.unveil.scan..")
                .should().dependOnClassesThat().resideInAPackage("org.unveil.probe..")
                .check(CLASSES);
        // evidence knows nothing of estimating, estimating nothing of sending requests
        noClasses().that().resideInAPackage("org.unveil.probe.evidence..")
                .should().dependOnClassesThat().resideInAnyPackage("org.unveil.probe", "org.unveil.probe.estimate..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("org.unveil.probe.estimate..")
                .should().dependOnClassesThat().resideInAPackage("org.unveil.probe")
                .check(CLASSES);
    }

    @Test
    void scanCoreUsesOnlyItsStoreAndNothingAboveIt() {
        // the store's DuckDB driver is allowed: it is storage, not a framework; the commands parse and print
        noClasses().that().resideInAPackage("org.unveil.scan..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "com.fasterxml..", "org.knowm..",
                        "org.unveil.cli..", "org.unveil.plot..", "org.unveil.hosts..", "org.unveil.trace..",
                        "org.unveil.balance..", "org.unveil.synth..", "org.unveil.generator..", "org.unveil.probe..",
                        "org.unveil.proxy..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("org.unveil.capture..", "org.unveil.hosts..", "org.unveil.trace..",
                        "org.unveil.balance..", "org.unveil.synth..", "org.unveil.plot..")
                .should().dependOnClassesThat().resideInAPackage("org.unveil.scan..")
                .check(CLASSES);
    }

    @Test
    void theProxyDependsOnlyOnNettysCodecAndNothingAboveIt() {
        // cli -> proxy, one way; Netty for the HTTP codec only (no transport: the sockets are the proxy's own)
        noClasses().that().resideInAPackage("org.unveil.proxy..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "com.fasterxml..", "org.knowm..",
                        "org.unveil.cli..", "org.unveil.plot..", "org.unveil.trace..", "org.unveil.hosts..",
                        "org.unveil.balance..", "org.unveil.synth..", "org.unveil.probe..", "org.unveil.scan..",
                        "io.netty.channel.epoll..",
                        "io.netty.channel.socket..", "io.netty.bootstrap..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("org.unveil.capture..", "org.unveil.trace..", "org.unveil.hosts..",
                        "org.unveil.balance..", "org.unveil.synth..", "org.unveil.plot..", "org.unveil.probe..",
                        "org.unveil.scan..")
                .should().dependOnClassesThat().resideInAPackage("org.unveil.proxy..")
                .check(CLASSES);
        // the system-call layer and the state file know nothing of the relay above them
        noClasses().that().resideInAnyPackage("org.unveil.proxy.sys..", "org.unveil.proxy.state..",
                        "org.unveil.proxy.http..")
                .should().dependOnClassesThat().resideInAPackage("org.unveil.proxy")
                .check(CLASSES);
    }

    @Test
    void theStreamSitsOnScanAloneAndOnlyItAndTheCommandsKnowFlinkKafkaOrPostgresql() {
        // cli -> stream -> scan: the distributed engines stay in their own module, out of the cores and capture
        noClasses().that().resideInAPackage("org.unveil.stream..")
                .and().resideOutsideOfPackage("org.unveil.stream.capture..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "org.knowm..", "org.unveil.cli..",
                        "org.unveil.capture..", "org.unveil.plot..", "org.unveil.hosts..", "org.unveil.trace..",
                        "org.unveil.balance..", "org.unveil.synth..", "org.unveil.generator..", "org.unveil.probe..",
                        "org.unveil.proxy..", "org.unveil.glob..", "org.unveil.gateway..", "org.unveil.testbed..")
                .check(CLASSES);
        // the capture jobs call the capture pipeline, trace and hosts through their library APIs, and nothing above
        noClasses().that().resideInAPackage("org.unveil.stream.capture..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "org.knowm..", "org.unveil.cli..",
                        "org.unveil.plot..", "org.unveil.scan..", "org.unveil.balance..", "org.unveil.generator..",
                        "org.unveil.probe..", "org.unveil.proxy..", "org.unveil.glob..", "org.unveil.gateway..",
                        "org.unveil.testbed..")
                .check(CLASSES);
        noClasses().that().resideOutsideOfPackages("org.unveil.stream..", "org.unveil.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.unveil.stream..", "org.apache.flink..",
                        "org.apache.kafka..", "org.postgresql..")
                .check(CLASSES);
        com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
                .matching("org.unveil.stream.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void scanPackagesFormNoCycle() {
        com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
                .matching("org.unveil.scan.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void decodersDoNotKnowAboutReadersOrFiles() {
        noClasses().that().resideInAPackage("org.unveil.capture.decode..")
                .should().dependOnClassesThat().resideInAnyPackage("org.unveil.capture.pcap..",
                        "org.unveil.capture.pcapng..", "org.unveil.capture.io..", "java.nio.file..")
                .check(CLASSES);
    }
}

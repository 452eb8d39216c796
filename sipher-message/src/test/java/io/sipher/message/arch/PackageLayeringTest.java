package io.sipher.message.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The codec's packages form layers that depend downwards only (syntax, then URIs, then header
 * values, then messages and the parser, then bodies and validation), and the module does no I/O.
 */
class PackageLayeringTest {
  private static final JavaClasses CODEC =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.sipher.message");

  @Test
  void layersDependDownwardsOnly() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("syntax")
        .definedBy("io.sipher.message.syntax..")
        .layer("uri")
        .definedBy("io.sipher.message.uri..")
        .layer("header")
        .definedBy("io.sipher.message.header..")
        .layer("message")
        .definedBy("io.sipher.message")
        .layer("body")
        .definedBy("io.sipher.message.body..")
        .layer("validate")
        .definedBy("io.sipher.message.validate..")
        .whereLayer("validate")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("body")
        .mayOnlyBeAccessedByLayers("validate")
        .whereLayer("message")
        .mayOnlyBeAccessedByLayers("body", "validate")
        .whereLayer("header")
        .mayOnlyBeAccessedByLayers("message", "body", "validate")
        .whereLayer("uri")
        .mayOnlyBeAccessedByLayers("header", "message", "body", "validate")
        .check(CODEC);
  }

  @Test
  void codecDoesNoIo() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.net..", "java.nio.channels..", "java.nio.file..")
        .because("sipher-message turns bytes into messages; sockets and files are other modules'")
        .check(CODEC);
  }
}

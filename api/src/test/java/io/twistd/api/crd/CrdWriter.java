package io.twistd.api.crd;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.File;
import java.util.Comparator;
import java.util.List;

/**
 * Generates the TwistedApplication CRD from its classes at build time (the api module runs it in
 * {@code process-test-classes}), with the printer columns in the order {@code kubectl get tapp}
 * should show them: Fabric8's generator sorts them by JSON path, which would put AGE first.
 */
public final class CrdWriter {

  /** The order of the printer columns after NAME. */
  static final List<String> COLUMN_ORDER = List.of("READY", "REVISION", "STATUS", "AGE");

  private CrdWriter() {}

  /**
   * @param args the output directory
   */
  public static void main(String[] args) {
    File outputDir = new File(args[0]);
    if (!outputDir.isDirectory() && !outputDir.mkdirs()) {
      throw new IllegalStateException("cannot create " + outputDir);
    }
    int written =
        new CRDGenerator()
            .customResourceClasses(TwistedApplication.class)
            .forCRDVersions("v1")
            .withPostProcessor(
                new io.fabric8.crdv2.generator.CRDPostProcessor() {
                  @Override
                  public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
                    return orderColumns((CustomResourceDefinition) crd);
                  }
                })
            .inOutputDir(outputDir)
            .generate();
    if (written != 1) {
      throw new IllegalStateException("expected one CRD, generated " + written);
    }
  }

  private static CustomResourceDefinition orderColumns(CustomResourceDefinition crd) {
    crd.getSpec()
        .getVersions()
        .forEach(
            version ->
                version
                    .getAdditionalPrinterColumns()
                    .sort(
                        Comparator.comparingInt(
                            (CustomResourceColumnDefinition c) ->
                                COLUMN_ORDER.indexOf(c.getName()))));
    return crd;
  }
}

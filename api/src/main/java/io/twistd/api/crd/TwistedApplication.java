package io.twistd.api.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.SchemaSwap;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.twistd.api.config.ServiceDefinition;

/**
 * A Twisted-style application on Kubernetes: a tree of network services, its configuration, and how
 * config changes roll out. The operator runs it as a Deployment of the twistd runtime.
 */
@Group(TwistedApplication.GROUP)
@Version(TwistedApplication.VERSION)
@ShortNames("tapp")
@AdditionalPrinterColumn(
    name = "READY",
    jsonPath = ".status.ready",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "REVISION",
    jsonPath = ".status.currentRevision",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "STATUS",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
// The service tree is recursive; its schema is spelled out to this depth of nested multi services.
@SchemaSwap(
    originalType = ServiceDefinition.class,
    fieldName = "services",
    depth = TwistedApplication.MAX_DEPTH)
public class TwistedApplication
    extends CustomResource<TwistedApplicationSpec, TwistedApplicationStatus> implements Namespaced {
  private static final long serialVersionUID = 1L;

  /** The API group. */
  public static final String GROUP = "twistd.io";

  /** The API version. */
  public static final String VERSION = "v1alpha1";

  /** How many levels of nested {@code multi} services the schema describes below the root. */
  public static final int MAX_DEPTH = 2;
}

package io.twistd.testenv.node;

import java.util.concurrent.CountDownLatch;

/**
 * A JVM that opens a pod network with one sandbox and a process in it, prints {@code LEFT BRIDGE
 * NAMESPACE PID}, and waits to be killed: what a test run killed in the middle leaves behind.
 */
public final class AbandonedNetwork {

  private AbandonedNetwork() {}

  public static void main(String[] args) throws Exception {
    PodNetwork network = PodNetwork.open();
    PodSandbox sandbox = network.createSandbox();
    Process sleeper =
        new ProcessBuilder("nsenter", "--net=" + sandbox.namespacePath(), "--", "sleep", "120")
            .start();
    System.out.println(
        "LEFT " + network.bridge() + " " + sandbox.namespace() + " " + sleeper.pid());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}

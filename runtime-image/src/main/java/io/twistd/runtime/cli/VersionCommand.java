package io.twistd.runtime.cli;

import io.netty.channel.epoll.Epoll;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code version}: the runtime's version, the Java version and the transport it would use. */
@Command(name = "version", description = "Print version information.")
final class VersionCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    for (String line : new Provider().getVersion()) {
      spec.commandLine().getOut().println(line);
    }
  }

  /** Supplies the version lines, also for {@code --version}. */
  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {
        "twistd-runtime " + (version == null ? "(development build)" : version),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
        "transport: " + (Epoll.isAvailable() ? "epoll (native)" : "nio")
      };
    }
  }
}

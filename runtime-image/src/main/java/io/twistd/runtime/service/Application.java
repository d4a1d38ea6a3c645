package io.twistd.runtime.service;

/**
 * The root of a service tree, after {@code twisted.application.service.Application}: a {@link
 * MultiService} named after the application, with no parent.
 */
public final class Application extends MultiService {

  /**
   * @param name the application's name, as in the config's {@code application:}
   */
  public Application(String name) {
    super(name);
  }
}

package io.twistd.api.validation;

import java.util.Collection;
import java.util.Optional;

/** The service types a validator knows: the built-ins, and in the runtime also the plugins. */
public interface ServiceTypeCatalog {

  /** The type named {@code type}, or empty when no such type is known. */
  Optional<ServiceTypeSpec> find(String type);

  /** Every known type, in a stable order (for help and error messages). */
  Collection<ServiceTypeSpec> all();
}

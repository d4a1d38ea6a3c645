package io.twistd.api.config;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Quotes every string that a YAML reader would otherwise take for something else. Jackson's default
 * leaves {@code 0x1F}, {@code 1e3} or {@code 1:30} bare, which read back as numbers; this asks the
 * resolver the reader itself uses. Stateless and thread-safe.
 */
final class ScalarQuoting extends StringQuotingChecker.Default {
  private static final long serialVersionUID = 1L;

  private static final Resolver RESOLVER = new Resolver();

  @Override
  public boolean needToQuoteValue(String value) {
    return super.needToQuoteValue(value)
        || !Tag.STR.equals(RESOLVER.resolve(NodeId.scalar, value, true));
  }
}

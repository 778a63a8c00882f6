package dev.switchboard.gateway.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Names a request path by the route template it falls under ({@code /tickets/42} is {@code /tickets/{number}}), so
 * that HTTP metrics have one series per route rather than one per ticket. A pure function of the router's paths: it
 * also names requests that never reached their route (refused by the token check, timed out, too large).
 */
final class RouteTemplates {
  /** The label of a path no route serves: one series for every unknown path, whatever a client sends. */
  static final String UNMATCHED = "unmatched";

  private final List<String[]> templates = new ArrayList<>();

  /** @param paths Vert.x route paths in the router's order ({@code /tickets/:number}); null (regex routes) skipped */
  RouteTemplates(List<String> paths) {
    paths.stream().filter(Objects::nonNull).distinct().forEach(p -> templates.add(split(p)));
  }

  /** The first template matching the path, in the {@code {param}} form; {@link #UNMATCHED} when none does. */
  String name(String path) {
    if (path == null) {
      return UNMATCHED;
    }
    String[] segments = split(path);
    for (String[] t : templates) {
      if (matches(t, segments)) {
        return label(t);
      }
    }
    return UNMATCHED;
  }

  private static boolean matches(String[] template, String[] path) {
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.equals("*") && i == template.length - 1) {
        return true;
      }
      if (i >= path.length) {
        return false;
      }
      if (t.startsWith(":") ? path[i].isEmpty() : !t.equals(path[i])) {
        return false;
      }
    }
    return template.length == path.length;
  }

  /** A Vert.x route path in the label's form: {@code /tickets/:number} becomes {@code /tickets/{number}}. */
  static String template(String vertxPath) {
    return label(split(vertxPath));
  }

  private static String label(String[] template) {
    StringBuilder b = new StringBuilder();
    for (String t : template) {
      b.append('/').append(t.startsWith(":") ? "{" + t.substring(1) + "}" : t);
    }
    return b.length() == 0 ? "/" : b.toString();
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }
}

package dev.switchboard.gateway.config;

import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of {@code toString} and error messages. A record's component whose name says it is a secret
 * (password, secret, token, key) prints as {@code ***}; a URL prints without the password in its user info. Naming is
 * the rule, so a secret added to a config record later is covered without touching this class.
 */
public final class Redaction {
  public static final String MASK = "***";
  private static final Pattern SECRET_NAME =
      Pattern.compile(".*(password|secret|token|credential|apikey|privatekey)");
  private static final Pattern URL_PASSWORD = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@]*):[^@/]*@");

  private Redaction() {}

  /** True for keys such as {@code password}, {@code secret}, {@code replyTokenSecret}, {@code clientSecret}. */
  public static boolean isSecretName(String name) {
    return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
  }

  /** {@code scheme://user:***@host/...}: the URL without its password, for logs and messages. */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    return URL_PASSWORD.matcher(url).replaceFirst("$1:" + MASK + "@");
  }

  /** The record as Java prints it, with every secret component masked. */
  public static String toString(Record r) {
    StringBuilder out = new StringBuilder(r.getClass().getSimpleName()).append('[');
    RecordComponent[] components = r.getClass().getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      Object value;
      try {
        value = c.getAccessor().invoke(r);
      } catch (ReflectiveOperationException e) {
        value = "?";
      }
      if (value != null && isSecretName(c.getName())) {
        value = MASK;
      } else if (value instanceof String s && s.contains("://")) {
        value = url(s);
      }
      out.append(i == 0 ? "" : ", ").append(c.getName()).append('=').append(value);
    }
    return out.append(']').toString();
  }
}

package dev.switchboard.store;

import java.util.Locale;
import java.util.Objects;

/** Someone on a ticket besides its requester; the address lower-cased. */
public record Participant(String email, String name) {
  public Participant {
    Objects.requireNonNull(email, "email");
    email = email.toLowerCase(Locale.ROOT);
  }
}

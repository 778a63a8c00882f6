package dev.switchboard.store;

import java.util.Objects;

/**
 * What became of "this number belongs to this requester".
 *
 * @param contact the requester, or null when no contact has that address ({@link Outcome#NO_CONTACT})
 * @param otherOwner the address of the contact who keeps the number ({@link Outcome#TAKEN}), else null
 */
public record PhoneAssignment(Outcome outcome, Contact contact, String e164, String otherOwner) {
  /** The paths an assignment can take. */
  public enum Outcome {
    /** The number was new and now belongs to the contact. */
    ADDED,
    /** The contact already had it. */
    ALREADY_THEIRS,
    /**
     * The number belonged to a phone-only contact (a caller nobody had met): that contact was merged into this one, with
     * its tickets, calls and other numbers.
     */
    MERGED,
    /** Another contact with an email address owns the number; nothing changed. */
    TAKEN,
    /** No contact has that email address; nothing changed. */
    NO_CONTACT
  }

  public PhoneAssignment {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(e164, "e164");
  }
}

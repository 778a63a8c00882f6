package dev.switchboard.store;

/** A person who contacts the help desk. Email is lower-cased; either may be null for phone-only contacts. */
public record Contact(long id, String email, String name) {}

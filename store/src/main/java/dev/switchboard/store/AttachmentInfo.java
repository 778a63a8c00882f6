package dev.switchboard.store;

/** A stored attachment's description; {@code stored} is false when its content was dropped for a limit. */
public record AttachmentInfo(
    long id, long ticketMessageId, String filename, String contentType, long size, boolean inline, String contentId,
    String sha256, boolean stored) {}

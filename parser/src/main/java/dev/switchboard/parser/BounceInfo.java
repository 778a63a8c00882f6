package dev.switchboard.parser;

/**
 * What a delivery failure report says about the message it returns. Any field may be null when the report does not say.
 *
 * @param originalMessageId Message-ID of the mail that bounced, without angle brackets
 * @param recipient the recipient that failed
 * @param status the RFC 3463 status code (e.g. {@code 5.1.1}), or null
 */
public record BounceInfo(String originalMessageId, String recipient, String status) {}

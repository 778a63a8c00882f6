/**
 * Mail transport, and nothing of the workflow: the IMAP session that fetches a mailbox in bulk (large messages in
 * parts to a spool file) and applies the after-import policy ({@link dev.switchboard.gateway.mail.ImapSession},
 * {@link dev.switchboard.gateway.mail.FetchedBatch}), and the SMTP side that sends the outbox
 * ({@link dev.switchboard.gateway.mail.OutboxSenderVerticle}, {@link dev.switchboard.gateway.mail.SmtpMailSender}).
 *
 * <p>What a fetched mail becomes is decided in {@code dev.switchboard.gateway.intake}, which uses this package; this
 * package does not import the intake. (The outbox sender still tells {@code notify} when a mail could not be
 * delivered.)
 */
package dev.switchboard.gateway.mail;

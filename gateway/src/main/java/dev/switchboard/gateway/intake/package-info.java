/**
 * The email workflow: from a mailbox to tickets. {@link dev.switchboard.gateway.intake.ImapMailboxVerticle} drives
 * one mailbox's cycle (fetch, commit, process, after-import policy) over the IMAP transport in
 * {@code dev.switchboard.gateway.mail}. {@link dev.switchboard.gateway.intake.MailIntake} runs the pipeline:
 * {@code RawCommit} commits the raw bytes, {@code MailPreparation} parses the bytes handed forward, and
 * {@code MailFiling} looks up {@link dev.switchboard.gateway.intake.MailFacts}, asks the pure
 * {@link dev.switchboard.gateway.intake.MailDecisions#decide} what each mail does (a sealed
 * {@link dev.switchboard.gateway.intake.MailDecision}) and files it: tickets, follow-ups, acknowledgments
 * ({@code Acknowledgments}) in the outbox. Threading ({@link dev.switchboard.gateway.intake.SubjectTag}), loop
 * prevention ({@link dev.switchboard.gateway.intake.LoopGuard}) and who the sender is to a ticket
 * ({@link dev.switchboard.gateway.intake.SenderRelation}) live here too.
 *
 * <p>The other intake, for phone calls, is {@link dev.switchboard.gateway.telephony.CallIntake} with its pure
 * {@link dev.switchboard.gateway.telephony.CallTicketPolicy}; a PBX's voicemail mail crosses over through
 * {@link dev.switchboard.gateway.intake.MailDiversion}.
 *
 * <p>Dependencies point one way: this package uses {@code mail} (IMAP session, fetched messages, Message-IDs);
 * {@code mail} never uses this package.
 */
package dev.switchboard.gateway.intake;

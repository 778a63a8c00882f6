package dev.switchboard.gateway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Real-looking Authentication-Results values (RFC 8601 appendix B and what Postfix/OpenDKIM/rspamd/Gmail write). */
class AgentAuthenticationTest {
  private static final String MX = "mx.example.com";
  private final AgentAuthentication auth = new AgentAuthentication(Set.of(MX));

  @Test
  void dkimPassForTheFromDomainIsVerified() {
    String ar = "mx.example.com;\r\n dkim=pass (2048-bit key; unprotected) header.d=corp.example header.i=@corp.example"
        + " header.s=sel1 header.b=\"Ab3+xYz\";\r\n spf=softfail (mx.example.com: 1.2.3.4 is neither permitted nor"
        + " denied) smtp.mailfrom=bounces@mailer.example";
    AgentAuthentication.Verdict v = auth.verify(List.of(ar), "corp.example");
    assertThat(v.verified()).isTrue();
    assertThat(v.reason()).contains("dkim=pass for corp.example");
  }

  @Test
  void spfPassWithTheEnvelopeSenderInTheFromDomainIsVerified() {
    String ar = "MX.example.com 1; auth=pass (cram-md5) smtp.auth=sender@example.net;"
        + " spf=pass smtp.mailfrom=Alice@Corp.Example; dkim=none";
    assertThat(auth.verify(List.of(ar), "corp.example").verified()).isTrue();
  }

  @Test
  void aPassForAnotherDomainProvesNothingAboutFrom() {
    String ar = "mx.example.com; dkim=pass header.d=attacker.example; spf=pass smtp.mailfrom=x@attacker.example;"
        + " dmarc=fail (p=reject) header.from=corp.example";
    AgentAuthentication.Verdict v = auth.verify(List.of(ar), "corp.example");
    assertThat(v.verified()).isFalse();
    assertThat(v.reason()).contains("no dkim or spf pass for the From domain corp.example")
        .contains("dkim=pass, spf=pass, dmarc=fail");
  }

  @Test
  void onlyTheTopmostHeaderCounts() {
    String ours = "mx.example.com; dkim=fail (signature did not verify) header.d=corp.example; spf=fail"
        + " smtp.mailfrom=corp.example";
    String forged = "mx.example.com; dkim=pass header.d=corp.example";
    assertThat(auth.verify(List.of(ours, forged), "corp.example").verified()).isFalse();
  }

  @Test
  void aTopmostHeaderFromAnUntrustedServerIsNotBelieved() {
    String theirs = "mail.attacker.example; dkim=pass header.d=corp.example";
    AgentAuthentication.Verdict v = auth.verify(List.of(theirs), "corp.example");
    assertThat(v.verified()).isFalse();
    assertThat(v.reason()).contains("untrusted authserv-id 'mail.attacker.example'");
  }

  @Test
  void missingHeadersNoResultsAndNoTrustedIdsAreUnverified() {
    assertThat(auth.verify(List.of(), "corp.example").reason()).contains("no Authentication-Results");
    assertThat(auth.verify(List.of("mx.example.com; none"), "corp.example").reason()).contains("(no results)");
    assertThat(new AgentAuthentication(Set.of()).verify(List.of("mx.example.com; dkim=pass header.d=corp.example"),
        "corp.example").reason()).contains("no trusted authserv-id");
  }

  @Test
  void headerIDomainCountsAndCommentsAndQuotesDoNotConfuseTheParser() {
    String ar = "mx.example.com (version 3.1; \"quoted ; in comment\");"
        + " dkim = pass reason=\"good; signature (really)\" header.i=\"alice@corp.example\" (nested (comment))";
    AgentAuthentication.Header h = AgentAuthentication.parse(ar);
    assertThat(h.authservId()).isEqualTo(MX);
    assertThat(h.results()).hasSize(1);
    assertThat(h.results().get(0).properties()).containsEntry("reason", "good; signature (really)")
        .containsEntry("header.i", "alice@corp.example");
    assertThat(auth.verify(List.of(ar), "corp.example").verified()).isTrue();
  }

  @Test
  void methodVersionsAndUpperCaseResultsAreRead() {
    AgentAuthentication.Header h = AgentAuthentication.parse("mx.example.com; dkim/1=PASS header.d=Corp.Example");
    assertThat(h.results().get(0).method()).isEqualTo("dkim");
    assertThat(h.results().get(0).result()).isEqualTo("pass");
    assertThat(auth.verify(List.of("mx.example.com; dkim/1=PASS header.d=Corp.Example"), "corp.example").verified())
        .isTrue();
  }

  @Test
  void theCoordinatorsReplyAddressStandsInWhenNothingWasFound() {
    assertThat(auth.verify(List.of(), "corp.example", true).verified()).isTrue();
    assertThat(auth.verify(List.of("mx.example.com; none"), "corp.example", true).reason())
        .contains("own reply address");
    assertThat(auth.verify(List.of("mx.example.com; dkim=pass header.d=other.example"), "corp.example", true)
        .verified()).as("a pass for another domain is no failure").isTrue();
    assertThat(auth.verify(List.of("evil.example; dkim=fail header.d=corp.example"), "corp.example", true)
        .verified()).as("an untrusted header's failure proves nothing either way").isTrue();
  }

  @Test
  void aTrustedFailureForTheFromDomainIsNeverOverriddenByAReplyAddress() {
    for (String failed : List.of("dkim=fail header.d=corp.example", "dkim=fail",
        "spf=fail smtp.mailfrom=x@corp.example", "dmarc=fail header.from=corp.example")) {
      AgentAuthentication.Verdict v = auth.verify(List.of("mx.example.com; " + failed), "corp.example", true);
      assertThat(v.verified()).as(failed).isFalse();
      assertThat(v.reason()).as(failed).contains("=fail for corp.example").contains("no reply address overrides");
    }
    assertThat(auth.verify(List.of("mx.example.com; dkim=fail header.d=list.example"), "corp.example", true)
        .verified()).as("a failed signature of another domain").isTrue();
  }

  @Test
  void anAlignedPassStillWinsOverAFailureOfAnotherCheck() {
    String ar = "mx.example.com; dkim=pass header.d=corp.example; spf=fail smtp.mailfrom=corp.example";
    assertThat(auth.verify(List.of(ar), "corp.example", false).verified()).as("a forwarded mail").isTrue();
  }
}

package dev.switchboard.parser.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlCidTest {
  @Test
  void findsCidImagesInAnyCaseAfterSanitizing() {
    String html = Html.sanitize("<p>Hi</p><img src=\"CID:logo%40x\"><img src='cid:chart@x'><img src=\"https://t.example/p.gif\">");
    assertThat(Html.cidReferences(html)).containsExactly("logo@x", "chart@x");
  }

  @Test
  void htmlWithoutACidImageHasNoReferencesEvenWhenTheTextSaysCid() {
    assertThat(Html.cidReferences(Html.sanitize("<p>Time: 10:30, see cid: in the RFC</p>"))).isEmpty();
    assertThat(Html.cidReferences(Html.sanitize("<p>no colon at all</p>"))).isEmpty();
    assertThat(Html.cidReferences("")).isEmpty();
  }

  @Test
  void anEntityEncodedCidSourceIsWrittenOutLiterallyBySanitizeAndFound() {
    String html = Html.sanitize("<img src=\"&#99;id:enc@x\">");
    assertThat(Html.cidReferences(html)).containsExactly("enc@x");
  }
}

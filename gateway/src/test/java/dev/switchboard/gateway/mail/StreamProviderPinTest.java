package dev.switchboard.gateway.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.mail.util.StreamProvider;
import org.junit.jupiter.api.Test;

class StreamProviderPinTest {
  @Test
  void namesAngusProviderSoTheLookupSkipsTheServiceLoaderScan() {
    String before = System.getProperty(StreamProviderPin.PROPERTY);
    try {
      System.clearProperty(StreamProviderPin.PROPERTY);
      StreamProviderPin.install();
      assertEquals(StreamProviderPin.ANGUS, System.getProperty(StreamProviderPin.PROPERTY));
      // the class named is the one the service file declares, so the provider found is the same either way
      assertEquals(StreamProviderPin.ANGUS, StreamProvider.provider().getClass().getName());
    } finally {
      restore(before);
    }
  }

  @Test
  void keepsAProviderTheOperatorNamed() {
    String before = System.getProperty(StreamProviderPin.PROPERTY);
    try {
      System.setProperty(StreamProviderPin.PROPERTY, "com.example.OtherStreamProvider");
      StreamProviderPin.install();
      assertEquals("com.example.OtherStreamProvider", System.getProperty(StreamProviderPin.PROPERTY));
    } finally {
      restore(before);
    }
  }

  private static void restore(String value) {
    if (value == null) {
      System.clearProperty(StreamProviderPin.PROPERTY);
    } else {
      System.setProperty(StreamProviderPin.PROPERTY, value);
    }
  }
}

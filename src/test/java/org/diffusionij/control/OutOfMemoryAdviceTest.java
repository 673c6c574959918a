package org.diffusionij.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class OutOfMemoryAdviceTest {

    @Test
    void headlessTheAdviceIsTheJvmLimitNotFijisMenu() {
        String m = OutOfMemoryAdvice.message("Denoise", false, 4L << 30);
        assertEquals("Not enough memory for Denoise (Java may use 4.0 GiB): start Java with more memory (-Xmx; for the "
                + "launcher JAVA_OPTS=-Xmx8g), or run it on fewer planes or a smaller image.", m);
        assertFalse(m.contains("Edit > Options"));
    }

    @Test
    void inFijisWindowTheAdviceIsItsMemoryMenu() {
        assertEquals("Not enough memory for Generate (Java may use 1.5 GiB): give ImageJ more memory (Edit > Options > "
                + "Memory & Threads), or run it on fewer planes or a smaller image.",
                OutOfMemoryAdvice.message("Generate", true, 3L << 29));
    }

    @Test
    void aLimitBelowOneGibIsShownInMib() {
        assertEquals("Not enough memory for generate (Java may use 24 MiB): start Java with more memory (-Xmx; for "
                + "the launcher JAVA_OPTS=-Xmx2g), or run it on fewer planes or a smaller image.",
                OutOfMemoryAdvice.message("generate", false, 24L << 20));
    }
}

package org.diffusionij.cli;

import org.diffusionij.testing.TestFiles;
import org.junit.jupiter.api.Test;

/** Overrides that name no field, or no tensor, are refused by the launcher in one line that names them. */
class OverridesCliTest {

    private static MainTest.Run info(String override) {
        return MainTest.run("info", "--model", TestFiles.onnx("toy.onnx").toString(), "--device", "cpu", "--threads",
                "1", "--override", override);
    }

    @Test
    void anEmptyKeyIsRefused() {
        info("=5").assertBadInput("--override =5 has no field name: give KEY=VALUE, e.g. --override in_channels=1");
    }

    @Test
    void aGraphOverrideNamingNoTensorIsNamed() {
        info("graph.x=nope").assertBadInput("--override graph.x=nope names no input of the network; its inputs are ");
    }

    @Test
    void aBrokenValueIsNamedAsTheOverride() {
        info("sample_size=2147483647").assertBadInput("metadata field 'sample_size' (from --override "
                + "sample_size=2147483647) is 2147483647; at most 46340 with 1 channel(s)");
    }
}

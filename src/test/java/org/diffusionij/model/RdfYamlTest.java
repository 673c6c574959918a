package org.diffusionij.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Map;

import org.diffusionij.testing.TestFiles;
import org.junit.jupiter.api.Test;

class RdfYamlTest {

    @Test
    void readsTheExportersRdfAsPyYamlWritesIt() throws Exception {
        Map<String, String> rdf = RdfYaml.parse(Files.readString(TestFiles.resource("/bioimage/rdf-pyyaml.yaml")));
        assertEquals("model", rdf.get("type"));
        assertEquals("0.5.3", rdf.get("format_version"));
        assertEquals("Diffusion-IJ tiny", rdf.get("name"));
        // a single-quoted scalar folded over three lines, with '' for a quote
        assertEquals("Diffusion prior (epsilon-prediction UNet) for Diffusion-IJ: denoising, super-resolution, "
                + "inpainting and generation in ImageJ/Fiji. A test network: it's tiny, with \"quotes\" and a: colon, "
                + "long enough to wrap over the 120-column width of PyYAML's emitter for sure, yes.",
                rdf.get("description"));
        assertEquals("2026-12-05T04:00:00+00:00", rdf.get("timestamp"));
        assertEquals("weights.onnx", rdf.get("weights.onnx.source"));
        assertEquals("WEIGHTS_SHA256", rdf.get("weights.onnx.sha256"));
        assertEquals("17", rdf.get("weights.onnx.opset_version"));
        assertEquals("tiny", rdf.get("config.diffusion_ij.model.name"));
        assertEquals("1", rdf.get("config.diffusion_ij.in_channels"));
        assertEquals("fixed", rdf.get("config.diffusion_ij.intensity_mapping")); // after a sequence at its indent
        assertEquals("2026-12-05T04:00:00+00:00", rdf.get("config.diffusion_ij.model.created"));
        // nothing from inside sequences (inputs, outputs, authors, tags, alphas_cumprod) leaks in
        for (String k : rdf.keySet()) {
            assertTrue(!k.startsWith("inputs") && !k.startsWith("outputs") && !k.startsWith("authors")
                    && !k.contains("test_tensor") && !k.equals("id") && !k.contains("alphas_cumprod"), k);
        }
        // 7 top-level scalars, 3 under weights.onnx, 8 under config.diffusion_ij (alphas_cumprod is a list)
        assertEquals(18, rdf.size(), rdf.toString());
    }

    @Test
    void handWrittenStyles() {
        String text = String.join("\n",
                "%YAML 1.2",
                "---",
                "type: model   # a comment",
                "name: \"quoted # not a comment\"",
                "documentation: |",
                "  weights:",
                "    onnx: not a key",
                "weights:",
                "    onnx:",
                "        source: ./w.onnx",
                "        sha256: 'abc'",
                "    torchscript: {source: w.pt}",
                "tags: [a, b]",
                "covers:",
                "  - c.png",
                "last: 'two",
                "  lines'");
        Map<String, String> rdf = RdfYaml.parse(text);
        assertEquals("model", rdf.get("type"));
        assertEquals("quoted # not a comment", rdf.get("name"));
        assertEquals("./w.onnx", rdf.get("weights.onnx.source"));
        assertEquals("abc", rdf.get("weights.onnx.sha256"));
        assertEquals("{source: w.pt}", rdf.get("weights.torchscript"));
        assertEquals("[a, b]", rdf.get("tags"));
        assertEquals("two lines", rdf.get("last"));
        assertEquals(null, rdf.get("documentation.weights.onnx")); // a block scalar's text is not read as keys
        assertEquals(null, rdf.get("covers"));
    }
}

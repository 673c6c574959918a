package org.diffusionij.model;

import java.nio.file.Files;
import java.nio.file.Path;

import ai.onnxruntime.OrtException;

/** Turns a model path that cannot be used, or ONNX Runtime's refusal to load it, into a clear message. */
final class ModelFiles {

    private ModelFiles() {
    }

    /** Checks that {@code file} is a non-empty readable regular file. */
    static void checkReadable(Path file) {
        if (!Files.exists(file)) {
            throw new ModelException("model file " + file + " not found; give an existing .onnx file with --model");
        }
        if (Files.isDirectory(file)) {
            throw new ModelException("model path " + file + " is a directory, not an ONNX file");
        }
        if (!Files.isReadable(file)) {
            throw new ModelException("model file " + file + " cannot be read (check its permissions)");
        }
        try {
            if (Files.size(file) == 0) {
                throw new ModelException("model file " + file + " is empty; not an ONNX model (corrupt or truncated?)");
            }
        } catch (java.io.IOException e) {
            throw new ModelException("model file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** True when ONNX Runtime refused the file itself (rather than a device or provider). */
    static boolean isFileProblem(OrtException e) {
        switch (e.getCode()) {
            case ORT_INVALID_PROTOBUF:
            case ORT_NO_MODEL:
            case ORT_NO_SUCHFILE:
            case ORT_INVALID_GRAPH:
            case ORT_NOT_IMPLEMENTED:
                return true;
            default:
                String m = String.valueOf(e.getMessage());
                return m.contains("Protobuf parsing failed") || m.contains("Load model from");
        }
    }

    /** The message for a file ONNX Runtime could not load. */
    static ModelException loadFailure(Path file, OrtException e) {
        String ort = firstLine(e.getMessage());
        switch (e.getCode()) {
            case ORT_INVALID_PROTOBUF:
            case ORT_NO_MODEL:
                return new ModelException("model file " + file + " is not an ONNX model (corrupt or truncated?): "
                        + ort, e);
            case ORT_NOT_IMPLEMENTED:
                return new ModelException("model file " + file + " uses an operator this ONNX Runtime cannot run"
                        + " (export with opset 17, as training/ does): " + ort, e);
            default:
                if (ort.contains("Protobuf parsing failed")) {
                    return new ModelException("model file " + file + " is not an ONNX model (corrupt or truncated?): "
                            + ort, e);
                }
                return new ModelException("model file " + file + " cannot be loaded by ONNX Runtime: " + ort, e);
        }
    }

    /** The first line of an ONNX Runtime message, without its "Error code - X - message:" prefix. */
    static String firstLine(String message) {
        if (message == null) return "(no message)";
        String s = message.strip().replaceFirst("^Error code - \\S+ - message: ", "");
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }
}

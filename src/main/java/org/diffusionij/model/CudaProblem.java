package org.diffusionij.model;

import java.util.Locale;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;

/**
 * Why CUDA cannot be used, in words that say what is missing: the GPU build of ONNX Runtime,
 * the CUDA 12 or cuDNN 9 libraries, or a device.
 */
final class CudaProblem extends Exception {

    /** What CUDA needs, appended to every refusal of {@code --device cuda}. */
    static final String NEEDS = "CUDA needs the GPU build of ONNX Runtime (artifact onnxruntime_gpu: build with "
            + "`mvn -Pgpu`, or set -Donnxruntime.native.path to its natives), the CUDA 12 and cuDNN 9 libraries "
            + "on the library path, and an NVIDIA GPU with a working driver";

    private final boolean providerMissing;

    private CudaProblem(String reason, Throwable cause, boolean providerMissing) {
        super(reason, cause);
        this.providerMissing = providerMissing;
    }

    /** True when this ONNX Runtime is the CPU-only build: CUDA was never an option, nothing failed. */
    boolean providerMissing() {
        return providerMissing;
    }

    /** Names the missing piece from the failing {@code stage} and ONNX Runtime's message. */
    static CudaProblem diagnose(String stage, Throwable e) {
        String ort = ModelFiles.firstLine(e.getMessage());
        String m = ort.toLowerCase(Locale.ROOT);
        String missing;
        boolean providerMissing = !providerCompiledIn();
        if (providerMissing) {
            missing = "this ONNX Runtime has no CUDA provider (the CPU artifact onnxruntime is on the class path;"
                    + " the GPU artifact onnxruntime_gpu comes with `mvn -Pgpu`)";
        } else if (m.contains("cudnn")) {
            missing = "the cuDNN 9 libraries (libcudnn*.so.9) could not be loaded";
        } else if (m.contains("cublas") || m.contains("cudart") || m.contains("cufft") || m.contains("curand")
                || m.contains("libcuda") || m.contains("providers_cuda")) {
            missing = "the CUDA 12 libraries (cudart, cublas, cublasLt, cufft, curand) could not be loaded";
        } else if (m.contains("no cuda-capable device") || m.contains("driver") || m.contains("cudaerrornodevice")
                || m.contains("cuda failure 100") || m.contains("cuda failure 35")) {
            missing = "no usable NVIDIA GPU (check the device and its driver with nvidia-smi)";
        } else {
            missing = "CUDA failed during the " + stage;
        }
        return new CudaProblem(missing + " [" + stage + ": " + ort + "]", e, providerMissing);
    }

    private static boolean providerCompiledIn() {
        try {
            return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}

package org.diffusionij.task;

import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;

import org.diffusionij.control.CancelToken;
import org.diffusionij.metrics.Psnr;
import org.diffusionij.model.Device;
import org.diffusionij.model.OnnxEpsModel;
import org.diffusionij.sampler.GaussianNoise;
import org.diffusionij.testing.FashionMnist;

/**
 * Not a test: PSNR of the censored posterior mean against its network calls, on 8-bit (clipped,
 * rounded) noisy Fashion-MNIST test images 5000+ (noise seeds 7000+i, as RestorationCliTest's
 * clippingCost), σ given. Variants: {@code sRxM} (R rounds of M drawn imputations), {@code dR} (R
 * rounds of the conditional-mean imputation), both after a first Tweedie mean, or with a {@code z}
 * prefix starting from x̂ = the limit instead (one call fewer); {@code plain} (Tweedie's mean of the
 * clipped image). Network calls per image: plain 1, sRxM 1 + R·M, dR 1 + R, zsRxM R·M, zdR R.
 * Usage: {@code java -cp ... org.diffusionij.task.CensoredBench MODEL.onnx IMAGES VARIANT...}
 */
public final class CensoredBench {

    public static void main(String[] args) {
        int n = Integer.parseInt(args[1]), s = 32;
        float[][] clean = FashionMnist.centred32(5000, n);
        try (OnnxEpsModel model = OnnxEpsModel.load(Paths.get(args[0]), Device.CPU, Map.of(), 2, m -> { })) {
            for (double level : new double[] {0.1, 0.2, 0.4}) {
                double sigImg = level * 255, sigma = sigImg * 2 / 255;
                float[] y = new float[n * s * s];
                for (int i = 0; i < n; i++) {
                    float[] z = new float[s * s];
                    new GaussianNoise(7000 + i).fill(z);
                    for (int p = 0; p < z.length; p++) {
                        double v = Math.round(Math.max(0, Math.min(255, clean[i][p] + sigImg * z[p])));
                        y[i * s * s + p] = (float) (v / 127.5 - 1);
                    }
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "sigma %.1f, %d images:", level, n));
                for (String v : java.util.Arrays.copyOfRange(args, 2, args.length)) {
                    long t0 = System.nanoTime();
                    float[] est;
                    if (v.equals("plain")) {
                        est = DenoiseTask.posteriorMean(model, sigma, y, n, s, s, CancelToken.none());
                    } else {
                        boolean fromLimit = v.startsWith("z");
                        String spec = fromLimit ? v.substring(1) : v;
                        boolean mean = spec.startsWith("d");
                        String[] rm = spec.substring(1).split("x");
                        est = CensoredDenoise.posteriorMean(model, sigma, y, n, s, s, -1f, 1f, CancelToken.none(),
                                Integer.parseInt(rm[0]), mean ? 0 : Integer.parseInt(rm[1]), fromLimit, 1);
                    }
                    double sec = (System.nanoTime() - t0) / 1e9, psnr = 0;
                    for (int i = 0; i < n; i++) {
                        float[] o = new float[s * s];
                        for (int p = 0; p < o.length; p++) {
                            o[p] = (float) Math.max(0, Math.min(255, (est[i * s * s + p] + 1) * 127.5));
                        }
                        psnr += Psnr.compute(o, clean[i], 255) / n;
                    }
                    line.append(String.format(Locale.ROOT, " %s %.3f (%.1f s)", v, psnr, sec));
                }
                System.out.println(line);
            }
        }
    }
}

package org.diffusionij.sampler;

import java.util.Arrays;

import org.diffusionij.control.CancelToken;
import org.diffusionij.control.Progress;
import org.diffusionij.model.EpsModel;
import org.diffusionij.schedule.NoiseSchedule;
import org.diffusionij.schedule.Timesteps;

/**
 * The one reverse-diffusion loop every task runs (models/MODEL_CONTRACT.md, "Samplers"). Per step:
 * one batched network call, x̂0 from ε, optional clipping, the {@link StepHook}'s constraint, the
 * update rule, the hook's post-step change. Buffers are allocated once per run.
 */
public final class DiffusionLoop {

    private DiffusionLoop() {
    }

    /**
     * Walks {@code timesteps} from x_{t0} to x_0: step i goes from timesteps[i] to timesteps[i+1],
     * the last one to s = -1 (ᾱ = 1).
     *
     * @param model     the ε-network; one call per step with all n images
     * @param schedule  ᾱ table (normally the model's own)
     * @param timesteps strictly decreasing timesteps in [0, T-1], possibly fractional
     * @param settings  update rule and its parameters ({@code settings.steps()} is not used: the
     *                  list says how many steps)
     * @param x         initial state x_{t0}, NCHW with C = the model's channels; updated in place
     * @param n         batch size
     * @param h         image height
     * @param w         image width
     * @param noise     per-step z (DDPM, DDIM with η > 0); the initial noise is the caller's
     * @param hook      constraint of an inverse problem, or {@link StepHook#NONE}
     * @param progress  told after every step: (i+1, steps, "step i+1/steps")
     * @param cancel    checked before every step and passed into the network call
     * @return {@code x}, now holding x_0
     * @throws org.diffusionij.control.CancelledException when cancelled
     * @throws IllegalStateException when the network outputs NaN or infinity
     */
    public static float[] run(EpsModel model, NoiseSchedule schedule, double[] timesteps, SamplerSettings settings,
                              float[] x, int n, int h, int w, NoiseSource noise, StepHook hook, Progress progress,
                              CancelToken cancel) {
        int c = model.metadata().channels();
        checkShape(x, n, c, h, w);
        checkTimesteps(timesteps, schedule.numTrainTimesteps());
        int steps = timesteps.length;
        float[] eps = new float[x.length];
        float[] x0 = new float[x.length];
        float[] tBatch = new float[n];
        UpdateRule rule = UpdateRule.forSettings(settings);
        rule.reset();
        for (int i = 0; i < steps; i++) {
            cancel.throwIfCancelled();
            double t = timesteps[i];
            double s = i + 1 < steps ? timesteps[i + 1] : -1;
            double aT = schedule.alphaBar(t);
            double aS = schedule.alphaBar(s);
            Arrays.fill(tBatch, (float) t);
            model.predict(x, tBatch, n, h, w, eps, cancel);
            checkFinite(eps, i, steps, t);
            predictX0(x, eps, aT, x0);
            boolean changed = false;
            if (settings.clipSample()) changed = clamp(x0);
            if (hook != StepHook.NONE) {
                hook.constrainX0(x0, t, s);
                changed = true;
            }
            if (changed) epsFromX0(x, x0, aT, eps);
            rule.step(t, s, aT, aS, x, x0, eps, noise);
            hook.afterStep(x, s, noise);
            progress.update(i + 1, steps, "step " + (i + 1) + "/" + steps);
        }
        return x;
    }

    /**
     * As {@link #run(EpsModel, NoiseSchedule, double[], SamplerSettings, float[], int, int, int, NoiseSource,
     * StepHook, Progress, CancelToken)} over the model's own schedule with {@code settings.steps()}
     * timesteps spread by {@code settings.spacing()}.
     */
    public static float[] run(EpsModel model, SamplerSettings settings, float[] x, int n, int h, int w,
                              NoiseSource noise, StepHook hook, Progress progress, CancelToken cancel) {
        NoiseSchedule schedule = NoiseSchedule.fromAlphasCumprod(model.metadata().alphasCumprod());
        double[] ts = Timesteps.make(schedule.numTrainTimesteps(), settings.steps(), settings.spacing());
        return run(model, schedule, ts, settings, x, n, h, w, noise, hook, progress, cancel);
    }

    /**
     * A new n×c×h×w x_t0 for a run that starts from an image instead of pure noise (SDEdit):
     * √ᾱ(t0)·{@code start} + √(1−ᾱ(t0))·z, z the first draw of {@code noise}; {@code start} is not modified.
     */
    public static float[] noisedStart(NoiseSchedule schedule, double t0, float[] start, int n, int c, int h, int w,
                                      NoiseSource noise) {
        double ab = schedule.alphaBar(t0), signal = Math.sqrt(ab), spread = Math.sqrt(1 - ab);
        float[] x = initialNoise(n, c, h, w, noise);
        for (int i = 0; i < x.length; i++) x[i] = (float) (signal * start[i] + spread * x[i]);
        return x;
    }

    /** A new n×c×h×w tensor of standard normal draws from {@code noise}: x_T for generation. */
    public static float[] initialNoise(int n, int c, int h, int w, NoiseSource noise) {
        if (n < 1 || c < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("tensor shape must be positive, got " + n + "x" + c + "x" + h + "x" + w);
        }
        long size = (long) n * c * h * w;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor " + n + "x" + c + "x" + h + "x" + w
                    + " is too large for one array; use fewer images or tiles");
        }
        float[] x = new float[(int) size];
        noise.fill(x);
        return x;
    }

    /** x̂0 = (x - √(1-ᾱ_t) ε) / √ᾱ_t. */
    static void predictX0(float[] x, float[] eps, double alphaBarT, float[] x0) {
        double a = 1 / Math.sqrt(alphaBarT);
        double b = Math.sqrt(1 - alphaBarT) * a;
        for (int i = 0; i < x.length; i++) x0[i] = (float) (a * x[i] - b * eps[i]);
    }

    /** ε = (x - √ᾱ_t x̂0) / √(1-ᾱ_t); left as it is when ᾱ_t = 1 (no noise, ε undefined). */
    static void epsFromX0(float[] x, float[] x0, double alphaBarT, float[] eps) {
        if (!(alphaBarT < 1)) return;
        double inv = 1 / Math.sqrt(1 - alphaBarT);
        double a = Math.sqrt(alphaBarT) * inv;
        for (int i = 0; i < x.length; i++) eps[i] = (float) (inv * x[i] - a * x0[i]);
    }

    /** Clamps to [-1, 1]; true if any value changed. */
    private static boolean clamp(float[] v) {
        boolean changed = false;
        for (int i = 0; i < v.length; i++) {
            float f = v[i];
            if (f > 1f) {
                v[i] = 1f;
                changed = true;
            } else if (f < -1f) {
                v[i] = -1f;
                changed = true;
            }
        }
        return changed;
    }

    private static void checkShape(float[] x, int n, int c, int h, int w) {
        if (n < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("batch size and image size must be positive, got n=" + n
                    + ", h=" + h + ", w=" + w);
        }
        long expected = (long) n * c * h * w;
        if (x.length != expected) {
            throw new IllegalArgumentException("state has " + x.length + " values but n*C*h*w = " + n + "*" + c
                    + "*" + h + "*" + w + " = " + expected + "; pass an NCHW tensor with the model's " + c
                    + " channel(s)");
        }
    }

    private static void checkTimesteps(double[] ts, int T) {
        if (ts.length == 0) throw new IllegalArgumentException("timestep list is empty: at least 1 step is needed");
        for (int i = 0; i < ts.length; i++) {
            if (!(ts[i] >= 0 && ts[i] <= T - 1)) {
                throw new IllegalArgumentException("timestep " + ts[i] + " at position " + i + " is outside [0, "
                        + (T - 1) + "]");
            }
            if (i > 0 && !(ts[i] < ts[i - 1])) {
                throw new IllegalArgumentException("timesteps must be strictly decreasing; position " + i + " ("
                        + ts[i] + ") follows " + ts[i - 1]);
            }
        }
    }

    private static void checkFinite(float[] eps, int step, int steps, double t) {
        for (float v : eps) {
            if (!Float.isFinite(v)) {
                throw new IllegalStateException("the model produced NaN or infinite values at step " + (step + 1)
                        + "/" + steps + " (t = " + t + "): the network is broken or not an ε-prediction model "
                        + "for this contract");
            }
        }
    }
}

package org.diffusionij.bench;

import java.util.ArrayList;
import java.util.List;

/** Per-image PSNR and SSIM of one restoration method at one setting, with mean and standard error. */
public final class MethodScores {

    private final String method;
    private final String params;
    private final List<Double> psnr = new ArrayList<>();
    private final List<Double> ssim = new ArrayList<>();

    public MethodScores(String method, String params) {
        this.method = method;
        this.params = params;
    }

    public void add(double psnrDb, double ssimValue) {
        psnr.add(psnrDb);
        ssim.add(ssimValue);
    }

    public String method() {
        return method;
    }

    public String params() {
        return params;
    }

    public int count() {
        return psnr.size();
    }

    public double psnr(int i) {
        return psnr.get(i);
    }

    public double meanPsnr() {
        return mean(psnr);
    }

    public double semPsnr() {
        return sem(psnr);
    }

    public double meanSsim() {
        return mean(ssim);
    }

    public double semSsim() {
        return sem(ssim);
    }

    /** Fraction of images on which this method's PSNR is higher than {@code other}'s. */
    public double winRate(MethodScores other) {
        int wins = 0;
        for (int i = 0; i < psnr.size(); i++) if (psnr.get(i) > other.psnr.get(i)) wins++;
        return (double) wins / psnr.size();
    }

    /** Standard error of the mean of the per-image PSNR differences this − other (paired). */
    public double semDifference(MethodScores other) {
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < psnr.size(); i++) d.add(psnr.get(i) - other.psnr.get(i));
        return sem(d);
    }

    private static double mean(List<Double> v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.size();
    }

    private static double sem(List<Double> v) {
        if (v.size() < 2) return Double.NaN;
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.size() - 1) / v.size());
    }
}

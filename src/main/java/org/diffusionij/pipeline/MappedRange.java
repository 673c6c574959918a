package org.diffusionij.pipeline;

import ij.ImagePlus;
import org.diffusionij.control.CancelToken;
import org.diffusionij.image.ChannelLayout;
import org.diffusionij.image.ImageTensors;
import org.diffusionij.image.IntensityMap;
import org.diffusionij.image.IntensityRange;
import org.diffusionij.image.Padding;
import org.diffusionij.model.EpsModel;
import org.diffusionij.task.PosteriorRange;

/**
 * The intensity map a run uses, under {@code range=}: {@link IntensityMap#choose} with the input's
 * noise σ, and for a range estimated from a noisy image both ends refined from the posterior mean
 * of the first chunk (one network call; {@link PosteriorRange}): the high end deshrunk, because
 * the clean maximum hides under the noise, the low end from the background the mean shows.
 */
final class MappedRange {

    private MappedRange() {
    }

    static IntensityMap choose(EpsModel model, ImagePlus img, ChannelLayout layout, IntensityRange range,
                               double sigmaImage, int h, int w, int chunk, CancelToken token) {
        IntensityMap map = IntensityMap.choose(img, model.metadata(), range, sigmaImage);
        if (!map.isEstimated() || !(sigmaImage > 0)) return map;
        int n = Math.min(chunk, layout.sampleCount(img));
        float[] y = Chunks.pack(Padding.pad(ImageTensors.toBatch(img, layout, map, 0, n), h, w), 0, n);
        // 8/16-bit noise is clipped at the type's 0: values there are censored for the background level.
        double clipLow = img.getBitDepth() == 32 ? Double.NaN : map.toModel(0);
        double[] r = PosteriorRange.refine(model, y, n, h, w, map.sigmaToModel(sigmaImage), clipLow, token);
        IntensityMap refined = map.withHigh(map.toImage(r[1]), "from the deshrunk posterior mean");
        if (Double.isNaN(r[0]) || !(map.toImage(r[0]) < refined.high())) return refined;
        return refined.withLow(map.toImage(r[0]), "from the noisy values where the posterior mean around is background");
    }

    /**
     * The map that writes a std in model units as a std in image units: a scale with no offset
     * ((high − low) / 2 per model unit), so 32-bit output holds σ in the image's own units.
     */
    static IntensityMap forStd(IntensityMap map) {
        double half = (map.high() - map.low()) / 2;
        return new IntensityMap(-half, half, "std in image units");
    }
}

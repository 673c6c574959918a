// Every Diffusion command on every input type, as a user's headless macro runs them.
// Argument: "IN_DIR/,OUT_DIR/". Inputs noisy_T.tif and clean_T.tif for T in the list below;
// each result is saved as COMMAND_T.tif, and OUT_DIR/state.txt gets a line of what the macro saw
// after each command (title of the current image, number of open images, Results rows), written
// as it goes so a failure shows which command broke.
args = split(getArgument(), ",");
in = args[0];
out = args[1];
types = newArray("8bit", "16bit", "32bit", "rgb", "stack");
for (i = 0; i < types.length; i++) {
    t = types[i];
    open(in + "noisy_" + t + ".tif");
    run("Denoise...", "steps=10 seed=1");
    File.append("denoise_" + t + "|" + getTitle() + "|" + nImages, out + "state.txt");
    saveAs("Tiff", out + "denoise_" + t + ".tif");
    close("*");

    open(in + "clean_" + t + ".tif");
    makeRectangle(10, 8, 12, 14);
    run("Inpaint...", "steps=10 seed=1");
    File.append("inpaint_" + t + "|" + getTitle() + "|" + nImages, out + "state.txt");
    saveAs("Tiff", out + "inpaint_" + t + ".tif");
    close("*");

    open(in + "clean_" + t + ".tif");
    run("Super-resolve...", "scale=2 steps=10 seed=1");
    File.append("superres_" + t + "|" + getTitle() + "|" + nImages, out + "state.txt");
    saveAs("Tiff", out + "superres_" + t + ".tif");
    close("*");

    open(in + "clean_" + t + ".tif");
    run("Image to image...", "strength=0.5 steps=10 seed=1");
    File.append("img2img_" + t + "|" + getTitle() + "|" + nImages, out + "state.txt");
    saveAs("Tiff", out + "img2img_" + t + ".tif");
    close("*");
}
run("Generate...", "count=3 width=32 height=32 steps=10 seed=1");
File.append("generate|" + getTitle() + "|" + nImages, out + "state.txt");
saveAs("Tiff", out + "generate.tif");
close("*");
run("Model info...", "device=cpu");
row = "";
if (nResults > 2) row = getResultString("key", 2) + "=" + getResultString("value", 2);
File.append("modelinfo|" + nResults + "|" + row, out + "state.txt");

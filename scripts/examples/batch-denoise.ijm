// Denoise every image in a folder, headless (folders end with "/"):
//   ImageJ-linux64 --headless -macro batch-denoise.ijm "/data/raw/,/data/denoised/"
args = split(getArgument(), ",");
input = args[0];
output = args[1];
files = getFileList(input);
for (i = 0; i < files.length; i++) {
    open(input + files[i]);
    run("Denoise...", "steps=25 seed=1");
    saveAs("Tiff", output + files[i]);
    close("*");
}

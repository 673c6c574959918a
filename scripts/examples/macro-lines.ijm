run("Generate...", "count=16 width=32 height=32 sampler=dpm++2m steps=20 seed=1");
run("Denoise...", "sigma=12 steps=25 seed=1");                 // sigma in the image's units; empty = estimate
run("Denoise...", "sigma=12 steps=25 samples=8 sampler=ddpm");  // average of 8 samples: closer to the posterior mean
run("Inpaint...", "steps=25 seed=1");                           // fills the selection; or mask=[mask title]
run("Super-resolve...", "scale=2 steps=20 seed=1");
run("Image to image...", "strength=0.5 steps=20 seed=1");
run("Model info...");

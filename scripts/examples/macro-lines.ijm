run("Generate...", "count=16 width=32 height=32 sampler=dpm++2m steps=20 seed=1");
run("Denoise...", "sigma=12");                                  // posterior mean (estimate=mean, one network call); empty sigma = estimate
run("Denoise...", "sigma=12 samples=8 uncertainty");            // + a second 32-bit window '<title> denoised-uncertainty': rms of 8 draws about the mean
run("Denoise...", "sigma=12 estimate=sample sampler=ddpm steps=25 seed=1");  // one sharp posterior draw
run("Denoise...", "noise=poisson-gaussian gain=2 offset=100 readnoise=3");   // photon counts; empty gain/offset/readnoise = estimate
run("Denoise...", "sigma=120 range=0,4095");                    // range=auto (default) | model | LOW,HIGH (12-bit data here)
run("Inpaint...", "steps=25 seed=1");                           // fills the selection; or mask=[mask title] (a stack: one plane per slice)
run("Inpaint...", "samples=8 uncertainty");                     // mean of 8 fills (blurrier, better PSNR) and their std
run("Super-resolve...", "scale=2 seed=1");                      // mean of samples=4 draws, 2 steps each (defaults)
run("Super-resolve...", "scale=2 samples=8 uncertainty");
run("Image to image...", "strength=0.5 steps=20 seed=1");
run("Model info...");                                           // also lists the models available by name
run("Denoise...", "model=fashion-mnist-32 sigma=12");           // a model by name (see Models; default: general)

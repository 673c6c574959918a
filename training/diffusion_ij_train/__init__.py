"""Diffusion-IJ training: a small UNet epsilon-network, its training loop and ONNX export."""

"""The image-folder loader on every image kind it promises, its normalisation, and each refusal."""
import numpy as np
import pytest
import tifffile
import torch
from PIL import Image

from diffusion_ij_train.folder import ImageFolder, parse_normalize


def ramp(h, w, dtype, high):
    return (np.arange(h * w, dtype=np.float64).reshape(h, w) / (h * w - 1) * high).astype(dtype)


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "images"
    d.mkdir()
    return d


def test_8bit_grayscale_png_maps_0_and_255_to_minus_one_and_one(folder):
    img = ramp(20, 24, np.uint8, 255)
    Image.fromarray(img).save(folder / "a.png")
    ds = ImageFolder(str(folder), 16, 1, "auto", augment=False)
    assert ds.intensity_metadata() == {"intensity_mapping": "fixed", "intensity_low": "0", "intensity_high": "255"}
    (im,) = ds.images
    assert im.shape == (1, 20, 24)
    assert torch.allclose(im[0], torch.from_numpy(img / 127.5 - 1).float(), atol=1e-6)
    x = ds[0]
    assert x.shape == (1, 16, 16) and x.dtype == torch.float32
    # without augmentation a patch is a window of the image
    assert any(torch.equal(x[0], im[0, r:r + 16, c:c + 16]) for r in range(5) for c in range(9))


def test_rgb_png_and_jpeg_with_three_channels(folder):
    rgb = np.stack([ramp(24, 24, np.uint8, 255), np.full((24, 24), 10, np.uint8), np.full((24, 24), 200, np.uint8)], -1)
    Image.fromarray(rgb).save(folder / "a.png")
    Image.fromarray(rgb).save(folder / "b.jpg", quality=95)
    ds = ImageFolder(str(folder), 16, 3, "auto")
    assert len(ds.images) == 2 and ds.images[0].shape == (3, 24, 24)
    assert ds[0].shape == (3, 16, 16)
    # channel order kept: G is dark, B bright
    assert ds.images[0][1].mean() < -0.9 and ds.images[0][2].mean() > 0.5
    assert ds.images[1][2].mean() == pytest.approx(200 / 127.5 - 1, abs=0.03)   # JPEG is lossy
    assert "JPEG, PNG" in ds.card()["model.dataset"] and "RGB" in ds.card()["model.dataset"]


def test_8bit_jpeg_grayscale(folder):
    Image.fromarray(ramp(16, 16, np.uint8, 255)).save(folder / "a.jpeg")
    ds = ImageFolder(str(folder), 16, 1)
    assert ds.images[0].shape == (1, 16, 16) and ds.intensity_metadata()["intensity_mapping"] == "fixed"


@pytest.mark.parametrize("dtype,high", [(np.uint16, 4095), (np.int32, 100000), (np.float32, 3.5)])
def test_16_and_32_bit_tiff_use_per_image_percentiles(folder, dtype, high):
    img = ramp(40, 40, dtype, high)
    tifffile.imwrite(folder / "a.tif", img)
    ds = ImageFolder(str(folder), 16, 1, "auto")
    assert ds.intensity_metadata() == {"intensity_mapping": "percentile", "percentile_low": "1",
                                       "percentile_high": "99.8"}
    im = ds.images[0][0].numpy()
    lo, hi = np.percentile(img.astype(np.float64), [1, 99.8])
    expected = np.clip(2 * (img.astype(np.float64) - lo) / (hi - lo) - 1, -1, 1)
    np.testing.assert_allclose(im, expected, atol=1e-6)
    assert im.min() == -1 and im.max() == 1


def test_multi_page_tiff_stack_gives_one_image_per_page(folder):
    stack = np.stack([np.full((18, 20), 10 * (k + 1), np.uint8) for k in range(5)])
    tifffile.imwrite(folder / "stack.tif", stack)
    ds = ImageFolder(str(folder), 16, 1, "auto")
    assert len(ds.images) == 5
    assert [float(im.mean()) for im in ds.images] == pytest.approx([10 * (k + 1) / 127.5 - 1 for k in range(5)])
    assert "5 images from 1 files" in ds.card()["model.dataset"]


def test_rgb_tiff_and_16_bit_png(folder):
    tifffile.imwrite(folder / "rgb.tif", np.zeros((20, 20, 3), np.uint16) + np.array([1, 2, 3], np.uint16))
    ds = ImageFolder(str(folder), 16, 3, "fixed:0,3")
    assert ds.images[0].shape == (3, 20, 20)
    assert [float(c.mean()) for c in ds.images[0]] == pytest.approx([-1 / 3, 1 / 3, 1])
    Image.fromarray(ramp(20, 20, np.uint16, 60000)).save(folder / "g16.png")
    with pytest.raises(ValueError, match="g16.png is grayscale but --channels 3"):
        ImageFolder(str(folder), 16, 3)


def test_fixed_and_percentile_normalisation_options(folder):
    img = ramp(32, 32, np.uint16, 1000)
    tifffile.imwrite(folder / "a.tif", img)
    fixed = ImageFolder(str(folder), 16, 1, "fixed:0,2000")
    assert fixed.intensity_metadata() == {"intensity_mapping": "fixed", "intensity_low": "0",
                                          "intensity_high": "2000"}
    assert float(fixed.images[0].max()) == pytest.approx(0.0) and float(fixed.images[0].min()) == -1
    pct = ImageFolder(str(folder), 16, 1, "percentile:0,50")
    assert pct.intensity_metadata()["percentile_high"] == "50"
    assert float((pct.images[0] == 1).float().mean()) == pytest.approx(0.5, abs=0.01)   # top half clipped


def test_dataset_length_counts_patches_and_augmentation_keeps_values(folder):
    Image.fromarray(ramp(64, 32, np.uint8, 255)).save(folder / "big.png")
    Image.fromarray(ramp(16, 16, np.uint8, 255)).save(folder / "small.png")
    ds = ImageFolder(str(folder), 16, 1)
    assert len(ds) == 8 + 1
    torch.manual_seed(0)
    values = set(ds.images[0].flatten().tolist())
    for i in range(8):
        assert set(ds[i].flatten().tolist()) <= values


@pytest.mark.parametrize("spec,message", [
    ("fixed:3", "needs two numbers"), ("fixed:5,1", "LOW must be smaller than HIGH"),
    ("percentile:1,120", "percentiles must lie in 0..100"), ("minmax", "unknown --normalize 'minmax'")])
def test_bad_normalisation_is_refused_with_the_accepted_forms(spec, message):
    with pytest.raises(ValueError, match=message):
        parse_normalize(spec)


def test_missing_folder_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere does not exist: give --data a folder"):
        ImageFolder(str(tmp_path / "nowhere"), 16)


def test_a_file_instead_of_a_folder_is_refused(tmp_path):
    (tmp_path / "a.png").write_bytes(b"")
    with pytest.raises(ValueError, match="is a file, not a folder"):
        ImageFolder(str(tmp_path / "a.png"), 16)


def test_folder_without_images_is_refused(folder):
    (folder / "notes.txt").write_text("no images here")
    with pytest.raises(ValueError, match="no images in .*must hold PNG, JPEG or TIFF"):
        ImageFolder(str(folder), 16)


def test_unreadable_file_is_named(folder):
    Image.fromarray(ramp(20, 20, np.uint8, 255)).save(folder / "good.png")
    (folder / "broken.tif").write_bytes(b"II*\x00garbage")
    with pytest.raises(ValueError, match="cannot read .*broken.tif.*re-save it as PNG or TIFF"):
        ImageFolder(str(folder), 16)


def test_image_smaller_than_the_patch_is_named_with_its_size(folder):
    Image.fromarray(ramp(40, 40, np.uint8, 255)).save(folder / "ok.png")
    Image.fromarray(ramp(12, 30, np.uint8, 255)).save(folder / "tiny.png")
    with pytest.raises(ValueError, match=r"tiny.png is 30x12 pixels, smaller than the 16x16 training patch: "
                                         r"use a smaller --size \(at most 12\)"):
        ImageFolder(str(folder), 16)


def test_rgb_images_with_one_channel_are_refused_by_name(folder):
    Image.fromarray(np.zeros((20, 20, 3), np.uint8)).save(folder / "colour.png")
    with pytest.raises(ValueError, match="colour.png is RGB but --channels 1 was given: use --channels 3"):
        ImageFolder(str(folder), 16, 1)


def test_only_one_or_three_channels(folder):
    with pytest.raises(ValueError, match="--channels must be 1 .* or 3"):
        ImageFolder(str(folder), 16, 2)


def test_intensity_jitter_squeezes_contrast_without_clipping(folder):
    Image.fromarray(ramp(64, 64, np.uint8, 255)).save(folder / "a.png")
    plain = ImageFolder(str(folder), 64, 1, "auto")
    jittered = ImageFolder(str(folder), 64, 1, "auto", intensity_jitter=0.5)
    torch.manual_seed(1)
    p = plain[0]
    torch.manual_seed(1)
    patches = [jittered[0] for _ in range(40)]
    # same position and orientation draws as without jitter: only the intensities change
    assert torch.allclose((patches[0] - patches[0].mean()) / patches[0].std(), (p - p.mean()) / p.std(), atol=1e-5)
    ranges = [float(x.max() - x.min()) for x in patches]
    assert all(-1 <= float(x.min()) and float(x.max()) <= 1 for x in patches)
    assert min(ranges) >= 2 * 0.5 - 1e-5 and max(ranges) <= 2 + 1e-5 and min(ranges) < 1.5
    with pytest.raises(ValueError, match="--intensity-jitter 1.5 must lie in"):
        ImageFolder(str(folder), 64, 1, "auto", intensity_jitter=1.5)

"""The general model's corpus: reserved evaluation images never get in, art is told from photographs,
one file per picture, licences come from the Debian copyright file, and the committed manifest is clean."""
import os

import numpy as np
import pytest
from PIL import Image

from conftest import TRAINING
from diffusion_ij_train import corpus
from diffusion_ij_train.corpus import RESERVED, fluorescence, is_photograph, is_reserved, photo_stats, select

MANIFEST = os.path.join(TRAINING, "corpus", "MANIFEST.tsv")


def natural_like(size=256, seed=0):
    """A 1/f-spectrum grey image: the gradient statistics of a photograph, no reserved content."""
    rng = np.random.default_rng(seed)
    f = np.fft.fftfreq(size)
    amp = 1 / np.maximum(np.hypot(*np.meshgrid(f, f)), 1 / size)
    x = np.real(np.fft.ifft2(amp * np.exp(2j * np.pi * rng.random((size, size)))))
    return np.clip((x - x.mean()) / x.std() * 45 + 120, 0, 255).astype(np.uint8)


def flat_art(size=256):
    img = np.full((size, size), 40, np.uint8)
    img[30:120, 40:200] = 200
    img[150:230, 20:90] = 120
    return img


@pytest.mark.parametrize("name", ["camera.png", "astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg",
                                  "coins.png", "moon.png", "cell.png", "hubble_deep_field.jpg", "china.jpg",
                                  "flower.jpg", "China.JPG", "/usr/share/x/CAMERA.PNG"])
def test_every_reserved_evaluation_image_is_recognised_by_name(name):
    assert is_reserved(name)


def test_other_names_are_not_reserved():
    for name in ("brick.png", "cameraman2.png", "moonlight.jpg", "cells.png", "flowerbed.jpg"):
        assert not is_reserved(name)


def test_select_drops_reserved_images_and_keeps_one_file_per_picture(tmp_path):
    for name in ("camera.png", "China.jpg", "flower.jpg", "hubble_deep_field.jpg", "brick.png"):
        Image.fromarray(natural_like(64)).save(tmp_path / name)
    Image.fromarray(natural_like(64)).save(tmp_path / "Elephants.jpg")
    Image.fromarray(natural_like(128)).save(tmp_path / "Elephants_3840x2160.jpg")
    wall = tmp_path / "Autumn" / "contents" / "images"
    wall.mkdir(parents=True)
    for w in (64, 96):
        Image.fromarray(natural_like(w)).save(wall / f"{w}x{w}.jpg")
    (tmp_path / "notes.txt").write_text("not an image")
    files = [str(p) for p in sorted(tmp_path.rglob("*")) if p.is_file()]
    chosen = [os.path.relpath(p, tmp_path) for p in select(files, [str(tmp_path) + "/*"], [])]
    assert chosen == ["Autumn/contents/images/96x96.jpg", "Elephants_3840x2160.jpg", "brick.png"]


def test_photographs_pass_and_flat_art_is_refused():
    assert is_photograph(photo_stats(natural_like()))
    assert not is_photograph(photo_stats(flat_art()))
    smooth = np.tile(np.linspace(0, 255, 256), (256, 1)).astype(np.uint8)   # a rendered gradient
    assert not is_photograph(photo_stats(smooth))


def test_simulated_fluorescence_is_a_dark_8bit_image_with_structure():
    img = fluorescence(np.random.default_rng(3), size=128)
    assert img.shape == (128, 128) and img.dtype == np.uint8
    assert img.max() > 60 and np.median(img) < img.max() / 2 and img.std() > 3


def test_licence_comes_from_the_matching_dep5_stanza(tmp_path, monkeypatch):
    doc = tmp_path / "usr/share/doc/pkg"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
                                   "Files: *\nLicense: GPL-2+\n\n"
                                   "Files: desktop/Ubuntu-*.png\n nature/Aqua.jpg\nLicense: CC-BY-SA-4.0\n")
    monkeypatch.setattr(corpus, "COPYRIGHT", str(tmp_path / "usr/share/doc/{package}/copyright"))
    monkeypatch.setitem(corpus.SOURCE_TREE, "pkg", ("/usr/share/backgrounds/mate/", ""))
    assert corpus.licence_of("pkg", "/usr/share/backgrounds/mate/nature/Aqua.jpg") == "CC-BY-SA-4.0"
    assert corpus.licence_of("pkg", "/usr/share/backgrounds/mate/nature/Dune.jpg") == "GPL-2+"
    assert corpus.licence_of("none", "/x.png").startswith("unknown")
    # opencv-doc installs the source's samples/data/ as examples/data/: its `data/*` stanza is another folder
    assert corpus.source_path("opencv-doc", "/usr/share/doc/opencv-doc/examples/data/fruits.jpg") == \
        "samples/data/fruits.jpg"


def test_licence_from_a_free_form_copyright_file_names_the_file_or_says_it_is_not_named(tmp_path, monkeypatch):
    doc = tmp_path / "usr/share/doc/free"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text("Image Authors:\n\n - Road.jpg:\n - Waves.jpg:\n   Copyright 2012 A\n"
                                   "   Licensed under Creative Commons Attribution-ShareAlike 3.0 License.\n\n"
                                   " - Stones.jpg:\n   Licensed under Creative Commons Attribution 2.0 License.\n")
    monkeypatch.setattr(corpus, "COPYRIGHT", str(tmp_path / "usr/share/doc/{package}/copyright"))
    assert corpus.licence_of("free", "/usr/share/bg/Waves.jpg").startswith(
        "Creative Commons Attribution-ShareAlike 3.0 License (")
    assert corpus.licence_of("free", "/usr/share/bg/Stones.jpg").startswith("Creative Commons Attribution 2.0")
    assert corpus.licence_of("free", "/usr/share/bg/wood-l.webp").startswith("not stated for this file")


def test_the_committed_manifest_lists_package_and_licence_for_every_file_and_no_reserved_image():
    with open(MANIFEST) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if not line.startswith("#")]
    header, rows = rows[0], rows[1:]
    assert header[:4] == ["file", "package", "source", "licence"]
    assert len(rows) > 50
    for row in rows:
        assert row[1] and row[3], row
        assert not is_reserved(row[0]) and not is_reserved(row[2]), row
        assert "skimage/data/" not in row[2] or os.path.splitext(os.path.basename(row[2]))[0] not in RESERVED
    assert abs(sum(float(r[6]) for r in rows) - 1) < 0.01

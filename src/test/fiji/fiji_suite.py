#!/usr/bin/python3
"""Fiji integration suite: the plugin in the real ImageJ 1.x + ImageJ2 legacy runtime.

Copies ../shared/fiji-runtime/Fiji.app to a temporary folder, installs the built plugin with
scripts/install-into-fiji, and runs it as users do: headless macros with -macro and -batch
(every command on 8-bit, 16-bit, 32-bit, RGB and stack inputs, checking each task's invariant on
the saved files), the README's macro lines and headless batch example (files the README shows),
bad parameters (the macro stops with the command's message, nothing is saved), and the GUI under
Xvfb (menu, dialog defaults, OK, the macro Recorder and replay, Model info's table, Esc).
Prints one line per check and closes with "fiji: N passed, M failed".

Usage: fiji_suite.py [--no-gui] [--screenshots DIR]
"""
import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import tifffile

ROOT = Path(__file__).resolve().parents[3]
# ../shared/fiji-runtime next to the clone (this project's CI); FIJI_RUNTIME names another copy.
RUNTIME = Path(os.environ.get("FIJI_RUNTIME", ROOT.parent / "shared" / "fiji-runtime")) / "Fiji.app"
HERE = Path(__file__).resolve().parent
EXAMPLES = ROOT / "scripts" / "examples"
FASHION = Path("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")
TYPES = ["8bit", "16bit", "32bit", "rgb", "stack"]
COMMANDS = ["denoise", "inpaint", "superres", "img2img"]
RECT = (10, 8, 12, 14)
# What of the 1280x800 screen each README screenshot keeps (left, top, right, bottom).
CROPS = {"fiji-menu.png": (520, 0, 1170, 290), "fiji-denoise-dialog.png": (0, 0, 1140, 556),
         "fiji-denoise-result.png": (0, 0, 1140, 400)}  # x, y, w, h of the selection every-command.ijm inpaints


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"  ok   {name}")
        else:
            self.failed += 1
            print(f"  FAIL {name}: {detail}")
        sys.stdout.flush()
        return ok


# -- inputs ----------------------------------------------------------------------------------

def fashion(count):
    """The first `count` Fashion-MNIST test images, zero-padded to 32x32, as float 0..255."""
    with gzip.open(FASHION) as f:
        raw = np.frombuffer(f.read(), np.uint8, offset=16)
    imgs = raw[: count * 784].reshape(count, 28, 28).astype(np.float64)
    return np.pad(imgs, ((0, 0), (2, 2), (2, 2)))


def make_inputs(folder):
    """clean_T.tif and noisy_T.tif (Gaussian noise, sigma 20 in 8-bit units) for every type."""
    rng = np.random.default_rng(7)
    c = fashion(3)
    noise = rng.normal(0, 20, c.shape)
    as8 = lambda a: np.clip(np.round(a), 0, 255).astype(np.uint8)
    pairs = {
        "8bit": (as8(c[0]), as8(c[0] + noise[0])),
        "16bit": ((c[0] * 40 + 1000).astype(np.uint16),
                  np.clip(np.round((c[0] + noise[0]) * 40 + 1000), 0, 65535).astype(np.uint16)),
        "32bit": ((c[0] / 255).astype(np.float32), ((c[0] + noise[0]) / 255).astype(np.float32)),
        "rgb": (as8(np.stack(c, -1)), as8(np.stack(c + noise, -1))),
        "stack": (as8(c), as8(c + noise)),
    }
    for t, (clean, noisy) in pairs.items():
        for name, a in (("clean", clean), ("noisy", noisy)):
            path = folder / f"{name}_{t}.tif"
            if t == "rgb":
                tifffile.imwrite(path, a, photometric="rgb")
            else:
                tifffile.imwrite(path, a, imagej=True)
    return pairs


def read(path):
    """Pixels of a TIFF saved by ImageJ: (slices, h, w) or (h, w, 3) for RGB, as float64."""
    return tifffile.imread(path).astype(np.float64)


def rmse(a, b):
    return float(np.sqrt(np.mean((a - b) ** 2)))


# -- running Fiji ----------------------------------------------------------------------------

class Fiji:
    def __init__(self, work):
        self.work = work
        self.app = work / "Fiji.app"
        shutil.copytree(RUNTIME, self.app, symlinks=True)
        for p in self.app.rglob("*"):
            p.chmod(p.stat().st_mode | 0o200)
        subprocess.run([str(ROOT / "scripts" / "install-into-fiji"), str(self.app)], check=True,
                       stdout=subprocess.DEVNULL)
        # The probe (test helper) goes into this copy only.
        classes = work / "probe"
        classes.mkdir()
        ij = next((self.app / "jars").glob("ij-*.jar"))
        subprocess.run(["javac", "-nowarn", "-d", str(classes), "-cp", str(ij), str(HERE / "FijiProbe.java")],
                       check=True, stderr=subprocess.DEVNULL)
        subprocess.run(["jar", "cf", str(self.app / "jars" / "fiji-probe.jar"), "-C", str(classes), "."], check=True)
        self.env = dict(os.environ, IJ_MEMORY="1g")
        self.env["IJ_JAVA_OPTS"] = f"-Ddiffusionij.cache={work / 'cache'} -Duser.home={work / 'home'}"

    def headless(self, mode, macro, arg=""):
        """Runs `ImageJ-linux64 --headless -macro|-batch FILE ARG`; returns (exit code, output)."""
        cmd = [str(self.app / "ImageJ-linux64"), "--headless", mode, str(macro)] + ([arg] if arg else [])
        p = subprocess.run(cmd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           timeout=300)
        return p.returncode, p.stdout


def macro_file(folder, name, text):
    path = folder / name
    path.write_text(text)
    return path


# -- headless checks -------------------------------------------------------------------------

def check_every_command(ck, fiji, pairs, inputs, mode):
    out = fiji.work / f"out{mode}"
    out.mkdir()
    rc, log = fiji.headless(mode, HERE / "every-command.ijm", f"{inputs}/,{out}/")
    tag = f"headless {mode}"
    state_file = out / "state.txt"
    lines = state_file.read_text().splitlines() if state_file.exists() else []
    state = {line.split("|")[0]: line.split("|")[1:] for line in lines}
    ck.check(f"{tag}: every-command.ijm ran to its end", rc == 0 and "modelinfo" in state,
             f"exit {rc}\n{log[-3000:]}")
    suffix = {"denoise": "denoised", "inpaint": "inpainted", "superres": "x2", "img2img": "img2img"}
    for t in TYPES:
        clean, noisy = (read(inputs / f"{n}_{t}.tif") for n in ("clean", "noisy"))
        for c in COMMANDS:
            if not ck.check(f"{tag}: {c} {t}: ran", f"{c}_{t}" in state, "the macro stopped before it"):
                continue
            title, n = state[f"{c}_{t}"]
            ck.check(f"{tag}: {c} {t}: the result is the current image and registered (nImages 2)",
                     title != f"{'noisy' if c == 'denoise' else 'clean'}_{t}.tif" and n == "2",
                     f"title '{title}', nImages {n}")
            res = read(out / f"{c}_{t}.tif")
            src = noisy if c == "denoise" else clean
            want_shape = list(src.shape)
            if c == "superres":
                if t == "rgb":
                    want_shape[0:2] = [2 * s for s in want_shape[0:2]]
                else:
                    want_shape[-2:] = [2 * s for s in want_shape[-2:]]
            if not ck.check(f"{tag}: {c} {t}: saved result has the input's type and the expected size",
                            list(res.shape) == want_shape
                            and tifffile.imread(out / f"{c}_{t}.tif").dtype == tifffile.imread(
                                inputs / f"noisy_{t}.tif").dtype,
                            f"shape {res.shape} vs {want_shape}"):
                continue
            if c == "denoise":
                before, after = rmse(noisy, clean), rmse(res, clean)
                ck.check(f"{tag}: denoise {t}: error vs clean reference drops ({before:.4g} -> {after:.4g})",
                         after < 0.9 * before, "not below 0.9x the noisy error")
            elif c == "inpaint":
                x, y, w, h = RECT
                inside = np.zeros(clean.shape[:2] if t == "rgb" else clean.shape[-2:], bool)
                inside[y:y + h, x:x + w] = True
                sel = (inside[..., None] if t == "rgb" else inside) & np.ones_like(clean, bool)
                kept = np.array_equal(res[~sel], clean[~sel])
                changed = not np.array_equal(res[sel], clean[sel])
                ck.check(f"{tag}: inpaint {t}: known pixels kept exactly, the selection filled",
                         kept and changed, f"kept {kept}, changed {changed}")
            elif c == "superres":
                if t == "rgb":
                    pooled = res.reshape(32, 2, 32, 2, 3).mean(axis=(1, 3))
                else:
                    pooled = res.reshape(*res.shape[:-2], 32, 2, 32, 2).mean(axis=(-3, -1))
                tol = {"32bit": 1e-3, "16bit": 1.0}.get(t, 1.0)
                err = float(np.max(np.abs(pooled - clean)))
                ck.check(f"{tag}: super-resolve {t}: 2x2 mean pooling gives back the input (max |diff| {err:.3g})",
                         err <= tol and not np.array_equal(res, np.kron(clean, np.ones((2, 2)))),
                         f"tolerance {tol}")
            else:
                ck.check(f"{tag}: img2img {t}: the result differs from the input", not np.array_equal(res, clean))
    title, n = state.get("generate", ["(not run)", "0"])
    gen = tifffile.imread(out / "generate.tif") if (out / "generate.tif").exists() else np.zeros(0)
    ck.check(f"{tag}: generate: saveAs gets the generated stack (3 x 32x32, 8-bit, not flat)",
             title.startswith("Generated") and gen.shape == (3, 32, 32) and gen.dtype == np.uint8
             and gen.std() > 10, f"title {title}, shape {gen.shape}, dtype {gen.dtype}")
    rows, kv = state.get("modelinfo", ["0", "(not run)"])
    ck.check(f"{tag}: model info fills the Results table (nResults {rows}, {kv})",
             int(rows) > 5 and kv == "name=fashion-mnist-32", "")
    ck.check(f"{tag}: no warning on a CPU-only ONNX Runtime with device=auto", "[WARNING]" not in log,
             "\n".join(l for l in log.splitlines() if "WARNING" in l))


def readme_block_has(text):
    readme = (ROOT / "README.md").read_text()
    return text.strip("\n") in readme


def check_readme_lines(ck, fiji, inputs):
    lines_file = EXAMPLES / "macro-lines.ijm"
    text = lines_file.read_text()
    ck.check("README shows scripts/examples/macro-lines.ijm verbatim", readme_block_has(text), "README drifted")
    out = fiji.work / "readme_lines"
    out.mkdir()
    body = ['s = "";']
    for i, line in enumerate(l for l in text.splitlines() if l.strip()):
        body += ['close("*"); run("Clear Results");',
                 f'open("{inputs}/noisy_8bit.tif"); makeRectangle(10, 8, 12, 14);',
                 line,
                 f's = s + "{i}|" + getTitle() + "|" + nImages + "|" + nResults + "\\n";']
    body.append(f'File.saveString(s, "{out}/state.txt");')
    macro = macro_file(fiji.work, "readme-lines-run.ijm", "\n".join(body) + "\n")
    rc, log = fiji.headless("-macro", macro)
    state = out / "state.txt"
    if not ck.check("README macro lines run headless", state.exists(), log[-3000:]):
        return
    rows = [r.split("|") for r in state.read_text().splitlines()]
    lines = [l for l in text.splitlines() if l.strip()]
    for (i, title, n, results), line in zip(rows, lines):
        cmd = re.search(r'run\("([^"]+)"', line).group(1)
        if cmd == "Model info...":
            ok = int(results) > 5
        else:
            ok = title != "noisy_8bit.tif" and n == "2"
        ck.check(f"README line {int(i) + 1} ({cmd}) gives its result (title '{title}', nImages {n}, "
                 f"nResults {results})", ok)


def check_batch_example(ck, fiji, pairs, inputs):
    example = EXAMPLES / "batch-denoise.ijm"
    ck.check("README shows scripts/examples/batch-denoise.ijm verbatim", readme_block_has(example.read_text()),
             "README drifted")
    raw, den = fiji.work / "raw", fiji.work / "denoised"
    raw.mkdir()
    den.mkdir()
    names = {"a.tif": "8bit", "b.tif": "16bit", "c.tif": "stack"}
    for name, t in names.items():
        shutil.copy(inputs / f"noisy_{t}.tif", raw / name)
    rc, log = fiji.headless("-macro", example, f"{raw}/,{den}/")
    for name, t in names.items():
        clean = read(inputs / f"clean_{t}.tif")
        noisy = read(raw / name)
        path = den / name
        if not ck.check(f"batch example wrote {name}", path.exists(), log[-2000:]):
            continue
        res = read(path)
        ck.check(f"batch example: {name} ({t}) is denoised, not the input (RMSE {rmse(noisy, clean):.4g} -> "
                 f"{rmse(res, clean):.4g})", res.shape == noisy.shape and rmse(res, clean) < 0.9 * rmse(noisy, clean))


BAD = [
    ("sampler=foo", True, 'run("Denoise...", "sampler=foo steps=2");', "unknown sampler 'foo'"),
    ("sigma=-1", True, 'run("Denoise...", "sigma=-1 steps=2");', "sigma is -1 but a noise level cannot be negative"),
    ("scale=3", True, 'run("Super-resolve...", "scale=3 steps=2");', "scale is 3 but super-resolution supports 2 and 4"),
    ("no image open", False, 'run("Denoise...", "steps=2");', "No image is open"),
]


def check_bad_parameters(ck, fiji, inputs):
    for i, (what, with_image, line, message) in enumerate(BAD):
        out = fiji.work / f"bad{i}"
        out.mkdir()
        text = (f'open("{inputs}/noisy_8bit.tif");\n' if with_image else "") + line + "\n" + \
            f'saveAs("Tiff", "{out}/result.tif");\nFile.saveString("went on", "{out}/after.txt");\n'
        rc, log = fiji.headless("-macro", macro_file(fiji.work, f"bad{i}.ijm", text))
        lines = [l for l in log.splitlines() if message in l]
        ck.check(f"bad parameter {what}: the command's message, and the macro stops there (nothing saved)",
                 bool(lines) and any(l.startswith("Macro Error") for l in lines)
                 and not (out / "result.tif").exists() and not (out / "after.txt").exists(),
                 f"files {sorted(p.name for p in out.iterdir())}\n{log[-1500:]}")


# -- GUI -------------------------------------------------------------------------------------

class Gui:
    """One ImageJ window on an Xvfb display, driven by xdotool and by macros FijiProbe serves."""

    def __init__(self, fiji):
        self.fiji = fiji
        self.serve_dir = fiji.work / "serve"
        self.serve_dir.mkdir()
        self.count = 0
        self.display = self.free_display()
        self.xvfb = subprocess.Popen(["Xvfb", self.display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.env = dict(fiji.env, DISPLAY=self.display)
        start = macro_file(fiji.work, "gui-start.ijm", f's = call("FijiProbe.serve", "{self.serve_dir}");\n')
        self.log_path = fiji.work / "gui.log"
        self.log_file = open(self.log_path, "w")
        time.sleep(1)
        self.proc = subprocess.Popen([str(fiji.app / "ImageJ-linux64"), "-macro", str(start)], env=self.env,
                                     stdout=self.log_file, stderr=subprocess.STDOUT)

    @staticmethod
    def free_display():
        for n in range(90, 200):
            if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
                return f":{n}"
        raise RuntimeError("no free X display")

    def macro(self, text, timeout=120):
        """Runs macro text inside the running ImageJ; returns its return value."""
        self.count += 1
        path = self.serve_dir / f"{self.count:03d}.ijm"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text)
        tmp.rename(path)
        done = Path(str(path) + ".done")
        end = time.time() + timeout
        while time.time() < end:
            if done.exists():
                time.sleep(0.05)
                return done.read_text()
            if self.proc.poll() is not None:
                raise RuntimeError("ImageJ exited:\n" + self.log_path.read_text()[-2000:])
            time.sleep(0.1)
        raise RuntimeError(f"macro {path.name} did not finish in {timeout} s")

    def xdo(self, *args):
        return subprocess.run(["xdotool", *args], env=self.env, stdout=subprocess.PIPE, text=True).stdout.strip()

    def window(self, title, timeout=60):
        """Id and geometry (x, y, w, h) of the window named exactly `title`, waiting for it."""
        end = time.time() + timeout
        while time.time() < end:
            ids = self.xdo("search", "--onlyvisible", "--name", "^" + re.escape(title) + "$").split()
            if ids:
                geo = self.xdo("getwindowgeometry", "--shell", ids[0])
                g = dict(l.split("=") for l in geo.splitlines() if "=" in l)
                return ids[0], (int(g["X"]), int(g["Y"]), int(g["WIDTH"]), int(g["HEIGHT"]))
            time.sleep(0.3)
        return None, None

    def click(self, x, y):
        self.xdo("mousemove", str(x), str(y), "click", "1")
        time.sleep(0.8)

    def shot(self, path):
        return self.macro(f'return call("FijiProbe.screenshot", "{path}");')

    def close(self):
        try:
            self.macro('return call("FijiProbe.exit");', timeout=5)
        except Exception:
            pass
        for p in (self.proc, self.xvfb):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
        self.log_file.close()


def check_gui(ck, fiji, inputs, shots):
    if not all(shutil.which(t) for t in ("Xvfb", "xdotool")):
        ck.check("GUI tools (Xvfb, xdotool) installed", False, "install the Debian packages xvfb xdotool")
        return
    gui = Gui(fiji)
    try:
        _, ij = gui.window("ImageJ", timeout=120)
        if not ck.check("GUI: the ImageJ window opens", ij is not None, gui.log_path.read_text()[-2000:]):
            return
        gui.macro('return "1";')
        # Menu: Plugins > Diffusion lists the six commands (positions measured on this runtime's fonts).
        items = gui.macro('return call("FijiProbe.menu", "Plugins>Diffusion");').split()
        ck.check("GUI: Plugins > Diffusion lists the six commands", items == [
            "Denoise...", "Generate...", "Image", "to", "image...", "Inpaint...", "Model", "info...",
            "Super-resolve..."], " ".join(items))
        x, y = ij[0], ij[1]
        gui.click(x + 320, y + 12)
        gui.click(x + 322, y + 176)
        gui.shot(shots / "fiji-menu.png")
        gui.xdo("key", "Escape")
        gui.click(640, 780)

        # Denoise from the menu: dialog with defaults, OK gives a result window; the Recorder records it.
        gui.macro('run("Record...");')
        gui.macro(f'open("{inputs}/noisy_8bit.tif"); run("Set... ", "zoom=800"); setLocation(20, 120);')
        gui.click(x + 320, y + 12)
        gui.click(x + 322, y + 176)
        gui.click(x + 552, y + 177)
        dlg, geo = gui.window("Denoise...")
        if not ck.check("GUI: Plugins > Diffusion > Denoise... opens its dialog", dlg is not None):
            return
        fields = gui.macro('return call("FijiProbe.dialog", "Denoise...");').splitlines()
        values = [f.split(": ", 1)[1] if ": " in f else "" for f in fields if not f.startswith(("label", "button"))]
        ck.check("GUI: the Denoise dialog shows its defaults (default model, device auto, dpm++2m, 25 steps, eta 0, "
                 "seed 1, range auto, 1 sample, sigma empty, estimate mean, gaussian noise)",
                 values == ["general", "auto", "dpm++2m", "25", "0.0", "1", "auto", "1", "", "mean", "gaussian", "", "", ""],
                 str(values))
        ck.check("GUI: the model field has a Choose model... button (names and files)",
                 "button: Choose model..." in fields, str(fields))
        gui.shot(shots / "fiji-denoise-dialog.png")
        gui.click(geo[0] + geo[2] - 137, geo[1] + geo[3] - 24)  # OK
        state = ""
        for _ in range(100):
            state = gui.macro('return getTitle() + "|" + nImages;')
            if state.startswith("noisy_8bit.tif denoised"):
                break
            time.sleep(0.5)
        ck.check("GUI: OK gives one result window, the current image", state == "noisy_8bit.tif denoised|2", state)
        gui.macro('run("Set... ", "zoom=800"); setLocation(320, 120);')
        time.sleep(1)
        gui.shot(shots / "fiji-denoise-result.png")
        gui.macro(f'saveAs("Tiff", "{fiji.work}/gui-dialog.tif");')
        recorded = gui.macro('return call("FijiProbe.recorder");')
        lines = [l for l in recorded.splitlines() if l.startswith('run("Denoise...", "')]
        if ck.check("GUI: the Recorder records the dialog run as run(\"Denoise...\", \"...\")", bool(lines),
                    recorded):
            gui.macro(f'selectImage("noisy_8bit.tif");\n{lines[-1]}\nsaveAs("Tiff", "{fiji.work}/gui-replay.tif");')
            a, b = read(fiji.work / "gui-dialog.tif"), read(fiji.work / "gui-replay.tif")
            ck.check(f"GUI: replaying the recorded line gives the identical result ({lines[-1]})",
                     np.array_equal(a, b), f"max |diff| {np.max(np.abs(a - b))}")

        # Every other dialog opens with its defaults (from the menu command, as a click does); Cancel.
        defaults = {"Generate...": ["", "auto", "dpm++2m", "25", "0.0", "1", "4", "32", "32"],
                    "Inpaint...": ["general", "auto", "ddpm", "25", "0.0", "1", "auto", "1", "selection"],
                    "Super-resolve...": ["general", "auto", "dpm++2m", "2", "0.0", "1", "auto", "4", "2"],
                    "Image to image...": ["general", "auto", "dpm++2m", "25", "0.0", "1", "auto", "1", "0.5"],
                    "Model info...": ["", "auto"]}
        before = gui.macro('t = getList("image.titles"); return String.join(t);')
        for command, want in defaults.items():
            gui.macro(f'doCommand("{command}");')
            dlg, _ = gui.window(command)
            fields = gui.macro(f'return call("FijiProbe.dialog", "{command}");').splitlines() if dlg else []
            values = [f.split(": ", 1)[1] if ": " in f else "" for f in fields
                      if not f.startswith(("label", "button"))]
            ck.check(f"GUI: the {command} dialog opens with its defaults {want}", values == want, str(values))
            if dlg:
                gui.macro(f'return call("FijiProbe.press", "{command}", "Cancel");')
                time.sleep(1)
        titles = gui.macro('t = getList("image.titles"); return String.join(t);')
        ck.check("GUI: Cancel in these dialogs leaves no new window", titles == before, f"{before} -> {titles}")

        # Model info opens a table window.
        rows = gui.macro('run("Model info...", "device=cpu"); return "" + nResults;')
        windows = gui.macro('return call("FijiProbe.windows");').splitlines()
        ck.check(f"GUI: Model info opens a table window (Results, {rows} rows)", "Results" in windows and
                 int(rows) > 5, str(windows))

        # Esc during a long run: cancelled, no result window.
        gui.macro('close("*"); ' + f'open("{inputs}/noisy_8bit.tif");')
        gui.macro('return call("FijiProbe.runInThread", "Denoise...", "estimate=sample steps=5000 seed=1");')
        time.sleep(4)
        img, igeo = gui.window("noisy_8bit.tif")
        if igeo:
            gui.click(igeo[0] + igeo[2] // 2, igeo[1] + igeo[3] // 2)
        gui.xdo("key", "Escape")
        cancelled = False
        for _ in range(60):
            if "Denoise: cancelled after" in gui.log_path.read_text():
                cancelled = True
                break
            time.sleep(0.5)
        time.sleep(1)
        state = gui.macro('t = getList("image.titles"); return "" + t.length + "|" + String.join(t);')
        ck.check("GUI: Esc cancels a long run and leaves no result window", cancelled and state == "1|noisy_8bit.tif",
                 f"cancelled {cancelled}, images {state}")
        windows = gui.macro('return call("FijiProbe.windows");').splitlines()
        ck.check("GUI: no Console window popped up (no warning or error on the way)", "Console" not in windows,
                 str(windows))
    except RuntimeError as e:
        ck.check("GUI session", False, str(e))
    finally:
        gui.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-gui", action="store_true", help="skip the checks under Xvfb")
    ap.add_argument("--screenshots", type=Path, help="also copy the GUI screenshots to this folder")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--only-gui", action="store_true", help="only the checks under Xvfb")
    args = ap.parse_args()
    if not RUNTIME.is_dir():
        print(f"fiji: skipped ({RUNTIME} is absent: the Fiji suite runs only in this project's CI)")
        print("fiji: 0 passed, 0 failed")
        return 0
    ck = Checks()
    work = Path(tempfile.mkdtemp(prefix="fiji-suite-"))
    try:
        fiji = Fiji(work)
        inputs = work / "in"
        inputs.mkdir()
        pairs = make_inputs(inputs)
        if not args.only_gui:
            for mode in ("-macro", "-batch"):
                check_every_command(ck, fiji, pairs, inputs, mode)
            check_readme_lines(ck, fiji, inputs)
            check_batch_example(ck, fiji, pairs, inputs)
            check_bad_parameters(ck, fiji, inputs)
        if not args.no_gui:
            shots = work / "shots"
            shots.mkdir()
            check_gui(ck, fiji, inputs, shots)
            if args.screenshots:
                args.screenshots.mkdir(parents=True, exist_ok=True)
                from PIL import Image
                for p in shots.glob("*.png"):
                    Image.open(p).crop(CROPS[p.name]).save(args.screenshots / p.name)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"fiji: {ck.passed} passed, {ck.failed} failed")
    return 0 if ck.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""`python3 -m diffusion_ij_train.torchrun ...` = `python3 -m torch.distributed.run ...` that works on Python 3.11.

PyTorch 1.13's launcher parses --redirects/--tee (default "0") with `for s in Std: if s == v`; since
Python 3.11 iterating a Flag enum skips the zero member NONE and the multi-bit member ALL, so the
default parses to None and every launch dies in `to_map` ('NoneType' object has no attribute 'get').
This wrapper repairs the parser when (and only when) it is broken, then runs the stock launcher."""
import re
import sys

from torch.distributed.elastic.multiprocessing import api as _mp_api


def _from_str(cls, vm):
    """'3' -> Std.ALL; '0:3,1:0' -> {0: Std.ALL, 1: Std.NONE}; same grammar as PyTorch's."""
    if re.fullmatch(r"[0-3]", vm):
        return cls(int(vm))
    if re.fullmatch(r"([0-9]+:[0-3],)*[0-9]+:[0-3]", vm):
        return {int(i): cls(int(v)) for i, v in (m.split(":") for m in vm.split(","))}
    raise ValueError(f"{vm} does not match a redirect/tee setting like '3' or '0:1,1:2'")


def repair():
    Std = _mp_api.Std
    if Std.from_str("0") is None:
        Std.from_str = classmethod(_from_str)


def main():
    repair()
    from torch.distributed import run
    sys.argv[0] = "torchrun"
    run.main()


if __name__ == "__main__":
    main()

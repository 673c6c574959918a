"""A small UNet epsilon-network: sinusoidal time embedding, residual blocks, self-attention at low
resolution. Written with plain ops so it exports cleanly to ONNX opset 17.

Two kinds of residual block (UNetConfig.norm):
- "group": GroupNorm before each SiLU (the DDPM block).
- "none": no normalisation in the residual blocks (attention keeps its GroupNorm). On ONNX Runtime's
  CPU provider every op of such a block stays in the blocked NCHWc layout of its convolutions: a
  GroupNorm has no NCHWc kernel, so each one costs a layout reorder out and back plus its own passes
  over memory: without them the 16-channel `general` network runs 1.5-1.6x faster at the same FLOPs
  (60 % -> 85-89 % of ONNX Runtime's own MatMul rate). The time embedding enters through a
  1x1 convolution on an [N, E, 1, 1] tensor for the same reason: its broadcast add then stays in NCHWc
  too. bench/notes.md, "Network efficiency"."""
import math
from dataclasses import dataclass, field
from typing import Tuple

import torch
from torch import nn
import torch.nn.functional as F


@dataclass
class UNetConfig:
    in_channels: int = 1
    base_channels: int = 32
    channel_mult: Tuple[int, ...] = (1, 2, 2)
    num_res_blocks: int = 2
    attention_levels: Tuple[int, ...] = (2,)   # indices into channel_mult
    dropout: float = 0.0
    groups: int = 8
    norm: str = "group"                        # group | none (see the module docstring)

    @property
    def size_multiple(self):
        return 2 ** (len(self.channel_mult) - 1)

    def describe(self):
        text = (f"UNet ch={self.base_channels} mult={','.join(map(str, self.channel_mult))} "
                f"res_blocks={self.num_res_blocks} attn_levels={','.join(map(str, self.attention_levels))}")
        return text if self.norm == "group" else text + f" norm={self.norm}"


def timestep_embedding(t, dim):
    """Sinusoidal embedding of a float timestep tensor [N] -> [N, dim]."""
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    args = t.float()[:, None] * freqs[None, :]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=1)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, temb, groups, dropout, norm="group"):
        super().__init__()
        grouped = norm == "group"
        self.norm1 = nn.GroupNorm(groups, cin) if grouped else nn.Identity()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.temb = nn.Linear(temb, cout) if grouped else nn.Conv2d(temb, cout, 1)
        self.norm2 = nn.GroupNorm(groups, cout) if grouped else nn.Identity()
        self.dropout = nn.Dropout(dropout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()
        if not grouped:
            # Without a norm the residual branch starts at zero, so each block starts as its skip path
            # and the activations cannot grow with depth at initialisation.
            nn.init.zeros_(self.conv2.weight)
            nn.init.zeros_(self.conv2.bias)

    def forward(self, x, emb):
        h = self.conv1(F.silu(self.norm1(x)))
        e = F.silu(emb)
        h = h + (self.temb(e)[:, :, None, None] if isinstance(self.temb, nn.Linear) else self.temb(e[:, :, None, None]))
        h = self.conv2(self.dropout(F.silu(self.norm2(h))))
        return h + self.skip(x)


class Attention(nn.Module):
    def __init__(self, ch, groups):
        super().__init__()
        self.norm = nn.GroupNorm(groups, ch)
        self.qkv = nn.Conv2d(ch, 3 * ch, 1)
        self.proj = nn.Conv2d(ch, ch, 1)

    def forward(self, x):
        n, c, h, w = x.shape
        q, k, v = self.qkv(self.norm(x)).reshape(n, 3, c, h * w).unbind(1)
        attn = torch.softmax(torch.bmm(q.transpose(1, 2), k) / math.sqrt(c), dim=-1)   # [n, hw, hw]
        out = torch.bmm(v, attn.transpose(1, 2)).reshape(n, c, h, w)
        return x + self.proj(out)


class UNet(nn.Module):
    def __init__(self, cfg: UNetConfig):
        super().__init__()
        if cfg.norm not in ("group", "none"):
            raise ValueError(f"norm must be group or none, got {cfg.norm!r}")
        self.cfg = cfg
        ch = cfg.base_channels
        temb = 4 * ch
        self.time_mlp = nn.Sequential(nn.Linear(ch, temb), nn.SiLU(), nn.Linear(temb, temb))
        self.conv_in = nn.Conv2d(cfg.in_channels, ch, 3, padding=1)

        self.down = nn.ModuleList()
        skips = [ch]
        cur = ch
        for level, mult in enumerate(cfg.channel_mult):
            for _ in range(cfg.num_res_blocks):
                block = nn.ModuleList([ResBlock(cur, ch * mult, temb, cfg.groups, cfg.dropout, cfg.norm)])
                cur = ch * mult
                if level in cfg.attention_levels:
                    block.append(Attention(cur, cfg.groups))
                self.down.append(block)
                skips.append(cur)
            if level != len(cfg.channel_mult) - 1:
                self.down.append(nn.ModuleList([nn.Conv2d(cur, cur, 3, stride=2, padding=1)]))
                skips.append(cur)

        self.mid = nn.ModuleList([ResBlock(cur, cur, temb, cfg.groups, cfg.dropout, cfg.norm),
                                  Attention(cur, cfg.groups),
                                  ResBlock(cur, cur, temb, cfg.groups, cfg.dropout, cfg.norm)])

        self.up = nn.ModuleList()
        for level, mult in reversed(list(enumerate(cfg.channel_mult))):
            for _ in range(cfg.num_res_blocks + 1):
                block = nn.ModuleList([ResBlock(cur + skips.pop(), ch * mult, temb, cfg.groups, cfg.dropout, cfg.norm)])
                cur = ch * mult
                if level in cfg.attention_levels:
                    block.append(Attention(cur, cfg.groups))
                self.up.append(block)
            if level != 0:
                self.up.append(nn.ModuleList([nn.Upsample(scale_factor=2, mode="nearest"),
                                              nn.Conv2d(cur, cur, 3, padding=1)]))

        self.norm_out = nn.GroupNorm(cfg.groups, cur) if cfg.norm == "group" else nn.Identity()
        self.conv_out = nn.Conv2d(cur, cfg.in_channels, 3, padding=1)
        nn.init.zeros_(self.conv_out.weight)
        nn.init.zeros_(self.conv_out.bias)

    @staticmethod
    def _is_resample(block):
        return not isinstance(block[0], ResBlock)

    def forward(self, x, t):
        emb = self.time_mlp(timestep_embedding(t, self.cfg.base_channels))
        h = self.conv_in(x)
        hs = [h]
        for block in self.down:
            if self._is_resample(block):
                h = block[0](h)
            else:
                h = block[0](h, emb)
                for extra in block[1:]:
                    h = extra(h)
            hs.append(h)
        h = self.mid[0](h, emb)
        h = self.mid[1](h)
        h = self.mid[2](h, emb)
        for block in self.up:
            if self._is_resample(block):
                for layer in block:
                    h = layer(h)
            else:
                h = block[0](torch.cat([h, hs.pop()], dim=1), emb)
                for extra in block[1:]:
                    h = extra(h)
        return self.conv_out(F.silu(self.norm_out(h)))


def count_parameters(model):
    return sum(p.numel() for p in model.parameters())

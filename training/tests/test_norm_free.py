"""The norm-free residual blocks (UNetConfig.norm = "none"): how they start, how a run keeps them, how a
run starts from another run's weights, and that an exported one can be rebuilt from its ONNX file."""
import onnx
import pytest
import torch

from conftest import tiny_config
from diffusion_ij_train.bench_torch import architecture_from_card, load_network
from diffusion_ij_train.train import checkpoint_path, load_checkpoint, train
from diffusion_ij_train.unet import Attention, ResBlock, UNet, UNetConfig


def test_a_norm_free_block_has_no_group_norm_and_starts_as_its_skip_path():
    torch.manual_seed(0)
    block = ResBlock(16, 16, 64, groups=8, dropout=0.0, norm="none")
    assert not any(isinstance(m, torch.nn.GroupNorm) for m in block.modules())
    x, emb = torch.randn(2, 16, 8, 8), torch.randn(2, 64)
    assert torch.equal(block(x, emb), x)
    free = UNet(UNetConfig(base_channels=16, channel_mult=(1, 2), num_res_blocks=1, attention_levels=(1,), norm="none"))
    norms = [name for name, m in free.named_modules() if isinstance(m, torch.nn.GroupNorm)]
    attention = [name + ".norm" for name, m in free.named_modules() if isinstance(m, Attention)]
    assert norms == attention and len(norms) == 4     # attention keeps its norm, and only attention


def test_an_unknown_norm_is_refused():
    with pytest.raises(ValueError, match="norm must be group or none, got 'batch'"):
        UNet(UNetConfig(norm="batch"))


def test_the_card_names_the_norm_and_old_cards_read_as_group_norm():
    cfg = UNetConfig(base_channels=16, channel_mult=(1, 2, 4, 4), num_res_blocks=1, attention_levels=(3,), norm="none")
    assert cfg.describe() == "UNet ch=16 mult=1,2,4,4 res_blocks=1 attn_levels=3 norm=none"
    assert architecture_from_card(cfg.describe())["norm"] == "none"
    assert architecture_from_card("UNet ch=16 mult=1,2,4,4 res_blocks=1 attn_levels=3")["norm"] == "group"


def test_a_norm_free_run_keeps_its_norm_when_resumed(tmp_path, fashion_folder):
    train(tiny_config(tmp_path, fashion_folder, steps=2, norm="none", checkpoint_every=2))
    # The network's shape comes from the checkpoint, whatever the resuming command line says.
    net, _, step = train(tiny_config(tmp_path, fashion_folder, steps=3, norm="group", resume=True))
    assert step == 3 and net.cfg.norm == "none"
    assert load_checkpoint(checkpoint_path(str(tmp_path / "run")))["config"]["norm"] == "none"


def test_a_fresh_run_starts_from_another_runs_weights_where_they_fit(tmp_path, fashion_folder, capsys):
    source = tiny_config(tmp_path / "grouped", fashion_folder, steps=2, checkpoint_every=2)
    train(source)
    ema = load_checkpoint(checkpoint_path(source.run_dir))["ema"]
    # lr 0: the weights after the one step are the ones it started from
    net, _, _ = train(tiny_config(tmp_path / "free", fashion_folder, steps=1, lr=0.0, norm="none",
                                  init_from=checkpoint_path(source.run_dir)))
    own = net.state_dict()
    assert torch.equal(own["conv_in.weight"], ema["conv_in.weight"])
    linear = ema["down.0.0.temb.weight"]                          # [C, E] in the group-norm block
    assert own["down.0.0.temb.weight"].shape == linear.shape + (1, 1)
    assert torch.equal(own["down.0.0.temb.weight"].flatten(), linear.flatten())
    copied = int(capsys.readouterr().out.split("started from ")[1].split(": ")[1].split(" of")[0])
    assert copied == len(own)          # the source has every tensor of the norm-free net, and more


def test_a_missing_init_from_file_is_refused_before_anything_is_written(tmp_path, fashion_folder):
    with pytest.raises(ValueError, match="--init-from .*nothing.pt: no such file"):
        train(tiny_config(tmp_path, fashion_folder, steps=1, init_from=str(tmp_path / "nothing.pt")))
    assert not (tmp_path / "run").exists()


def test_an_exported_norm_free_network_is_rebuilt_from_its_onnx_file(tmp_path, fashion_folder):
    cfg = tiny_config(tmp_path, fashion_folder, steps=2, norm="none", out=str(tmp_path / "nf.onnx"))
    _, ema, _ = train(cfg)
    assert {p.key: p.value for p in onnx.load(cfg.out).metadata_props}["model.architecture"].endswith(" norm=none")
    rebuilt = load_network(cfg.out)[0]
    x, t = torch.randn(2, 1, 16, 16), torch.tensor([5.0, 700.0])
    with torch.no_grad():
        assert torch.allclose(rebuilt(x, t), ema(x, t), atol=1e-6)

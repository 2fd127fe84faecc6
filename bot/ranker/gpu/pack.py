"""Pack what `bot/ranker/gpu/run.sh` needs on a GPU machine that has torch but nothing else of Verbatim's.

    python -m bot.ranker.gpu.pack [--out .device]

It writes the examples of the recipes run.sh trains, xz-compressed, and the base all-MiniLM-L6-v2 weights rounded
to fp16: the machine takes 64 MiB of carried files, and the fp32 weights alone are 91 MB. run.sh trains from that
fp16 copy; the same command on the CPU starts from the fp32 file.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from safetensors.torch import load_file, save_file

from bot.ranker.train import arguments, base_model, load_examples

RECIPES = {"all-near2": ["--questions", "0", "--near", "2"], "6000": []}  # run.sh trains with the same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(".device"))
    out = parser.parse_args().out
    (out / "base").mkdir(parents=True, exist_ok=True)
    base = base_model()
    weights = load_file(str(base / "model.safetensors"))
    save_file({k: v.half().contiguous() for k, v in weights.items()}, str(out / "base" / "model.safetensors"),
              metadata={"format": "pt"})
    for name in ("config.json", "tokenizer.json"):
        shutil.copy(base / name, out / "base" / name)
    for name, recipe in RECIPES.items():
        load_examples(arguments().parse_args([*recipe, "--examples", str(out / f"examples-{name}.json.xz")]))


if __name__ == "__main__":
    main()

#!/bin/bash
# Trains the cross-encoder on a GPU machine that has torch but nothing else of Verbatim's, from the folder that
# `python -m bot.ranker.gpu.pack` writes (carried to the machine as .device): the full SQuAD recipe (a), the
# 6,000-question default as a check that GPU and CPU agree (r), then two epochs of the full recipe (b) if time
# allows. Each result lands in $OUT as soon as it exists, the model in parts of 15 MB (cat them back together).
cd "$(dirname "$0")/../../.." || exit 1
export PYTHONUNBUFFERED=1
L=$OUT/log.txt
nvidia-smi -L >>"$L" 2>&1
train() {
  local name=$1; shift
  python3 bot/ranker/gpu/launch.py --base .device/base --work "/tmp/w-$name" --out "/tmp/m-$name" "$@" 2>&1 \
    | grep -v -e 'Quantization parameters' -e 'Ignore MatMul' >>"$L"
  cp "/tmp/m-$name/card.json" "$OUT/$name-card.json"
  split -b 15000000 -d "/tmp/m-$name/model.onnx" "$OUT/$name-model.onnx.part"
  echo "== $name done at $SECONDS s" >>"$L"
}
FULL=(--examples .device/examples-all-near2.json.xz --questions 0 --near 2 --batch 128 --lr 1e-4)
train a "${FULL[@]}"
A_DONE=$SECONDS
train r --examples .device/examples-6000.json.xz
rm "$OUT"/r-model.onnx.part*  # the check needs only its card; the files back are limited to 8
if [ $((SECONDS + 2 * A_DONE + 30)) -lt "${DEADLINE:-560}" ]; then  # b trains twice as long as a
  train b "${FULL[@]}" --epochs 2
fi
echo "== all done at $SECONDS s" >>"$L"

#!/usr/bin/python3
"""Exports the ONNX fixtures under tests/data/onnx/ (weights left out: export_params=False).

Run with Debian's Python (the python3 on PATH may be a pyenv without torch):
    /usr/bin/python3 scripts/export_onnx.py [--out tests/data/onnx] [--opset 17]
Needs python3-torch, python3-torchvision and python3-onnx from Debian. Models are built with
random weights (no download). BERT-base and GPT-2-small are written here to match Tessera's zoo
definitions (compiler_frontend/zoo/transformers.cpp) layer for layer, so the zoo and the export
have the same MACs and parameters.
"""
import argparse
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


class BertLayer(nn.Module):
    """Post-norm encoder layer with separate Q, K, V projections (Hugging Face BertLayer)."""

    def __init__(self, d=768, heads=12, ffn=3072):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d)
        self.out = nn.Linear(d, d)
        self.ln1 = nn.LayerNorm(d)
        self.fc1, self.fc2 = nn.Linear(d, ffn), nn.Linear(ffn, d)
        self.ln2 = nn.LayerNorm(d)

    def forward(self, x):
        b, s, d = x.shape
        h = self.heads

        def split(t):
            return t.reshape(b, s, h, d // h).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d // h)
        ctx = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).reshape(b, s, d)
        x = self.ln1(x + self.out(ctx))
        return self.ln2(x + self.fc2(F.gelu(self.fc1(x))))


class BertBase(nn.Module):
    """BERT-base encoder with embeddings and pooler (Hugging Face BertModel, 109.5 M parameters)."""

    def __init__(self, vocab=30522, positions=512, d=768, layers=12):
        super().__init__()
        self.word = nn.Embedding(vocab, d)
        self.position = nn.Embedding(positions, d)
        self.token_type = nn.Embedding(2, d)
        self.ln = nn.LayerNorm(d)
        self.layers = nn.ModuleList([BertLayer(d) for _ in range(layers)])
        self.pooler = nn.Linear(d, d)

    def forward(self, input_ids):
        s = input_ids.shape[1]
        pos = torch.arange(s).unsqueeze(0)
        x = self.word(input_ids) + self.position(pos) + self.token_type(torch.zeros_like(input_ids))
        x = self.ln(x)
        for layer in self.layers:
            x = layer(x)
        return torch.tanh(self.pooler(x[:, 0]))


class Gpt2Block(nn.Module):
    """Pre-norm decoder block with fused QKV projection (GPT-2)."""

    def __init__(self, d=768, heads=12):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.fc1, self.fc2 = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)

    def forward(self, x, mask):
        b, s, d = x.shape
        h = self.heads
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)

        def split(t):
            return t.reshape(b, s, h, d // h).transpose(1, 2)

        q, k, v = split(q), split(k), split(v)
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d // h) + mask
        ctx = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).reshape(b, s, d)
        x = x + self.proj(ctx)
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


class Gpt2Small(nn.Module):
    """GPT-2 124 M prefill; the LM head is tied to the token embedding."""

    def __init__(self, vocab=50257, positions=1024, d=768, layers=12):
        super().__init__()
        self.wte = nn.Embedding(vocab, d)
        self.wpe = nn.Embedding(positions, d)
        self.blocks = nn.ModuleList([Gpt2Block(d) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(d)

    def forward(self, input_ids):
        s = input_ids.shape[1]
        x = self.wte(input_ids) + self.wpe(torch.arange(s).unsqueeze(0))
        # Causal mask computed in the graph (one constant after folding, not a parameter).
        mask = torch.triu(torch.full((s, s), float("-inf")), diagonal=1)
        for blk in self.blocks:
            x = blk(x, mask)
        # Tied LM head. Written as wte @ h^T so constant folding cannot turn the transposed
        # embedding into a second parameter.
        h = self.ln_f(x)
        return torch.matmul(self.wte.weight, h.transpose(-1, -2)).transpose(-1, -2)


def export(model, example, path, opset, input_name):
    model.eval()
    # Traced with autograd on: under no_grad, torch 1.13 routes nn.MultiheadAttention (ViT) to a
    # fused kernel that has no ONNX export.
    torch.onnx.export(model, (example,), path, opset_version=opset, export_params=False,
                      do_constant_folding=True, input_names=[input_name], output_names=["output"])
    print(f"{path}: {os.path.getsize(path)} bytes")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "tests", "data", "onnx"))
    ap.add_argument("--opset", type=int, default=17)
    ap.add_argument("--seq", type=int, default=128, help="sequence length of the transformer exports")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(0)
    image = torch.randn(1, 3, 224, 224)
    tokens = torch.randint(0, 1000, (1, args.seq))
    models = [
        ("resnet18", torchvision.models.resnet18(weights=None), image, "input"),
        ("resnet50", torchvision.models.resnet50(weights=None), image, "input"),
        ("mobilenet_v2", torchvision.models.mobilenet_v2(weights=None), image, "input"),
        ("vit_b_16", torchvision.models.vit_b_16(weights=None), image, "input"),
        ("bert_base", BertBase(), tokens, "input_ids"),
        ("gpt2_small", Gpt2Small(), tokens, "input_ids"),
    ]
    for name, model, example, input_name in models:
        export(model, example, os.path.join(args.out, name + ".onnx"), args.opset, input_name)
    return 0


if __name__ == "__main__":
    sys.exit(main())

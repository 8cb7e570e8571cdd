// Transformer models. MACs count every matrix product including attention (QK^T and xV over the
// full sequence, as the exported ONNX graphs compute them).
//  - bert_base: BERT-base encoder (Devlin et al. 2019; Hugging Face BertModel): 30522-token
//    embeddings, 12 layers, d=768, 12 heads, FFN 3072, pooler. 109.5 M parameters;
//    11.2 GMACs at sequence 128 (encoder) plus embeddings lookups.
//  - gpt2_small: GPT-2 124 M (Radford et al. 2019; Hugging Face GPT2LMHeadModel) prefill of
//    seq_len tokens, LM head tied to the token embedding.
//  - gpt3: GPT-3 175B (Brown et al. 2020, table 2.1): 96 layers, d=12288, 96 heads, 2048
//    positions, the GPT-2 vocabulary; 174.6 B parameters in the paper's count.
//  - vit_b_16: ViT-B/16 as in torchvision (Dosovitskiy et al., ICLR 2021): 17.56 GMACs,
//    86.57 M parameters at 224x224.
#include "compiler_frontend/zoo/graph_builder.h"
#include "compiler_frontend/zoo/zoo.h"
#include "models/spec/errors.h"

namespace tessera {
namespace {

// Pre- or post-norm encoder/decoder layer with separate or fused QKV projections.
TensorId transformer_layer(GraphBuilder& b, TensorId x, const std::string& name, int64_t heads,
                           int64_t ffn, bool pre_norm, bool fused_qkv) {
  int64_t d = b.tensor(x).shape.back();
  TensorId h = pre_norm ? b.layernorm(x, name + ".ln1") : x;
  TensorId q, k, v;
  if (fused_qkv) {
    TensorId qkv = b.linear(h, name + ".attn.qkv", 3 * d);
    auto s = b.tensor(qkv).shape;
    s.back() = d;
    q = b.view(qkv, name + ".attn.q", s, "Split");
    k = b.view(qkv, name + ".attn.k", s, "Split");
    v = b.view(qkv, name + ".attn.v", s, "Split");
  } else {
    q = b.linear(h, name + ".attn.query", d);
    k = b.linear(h, name + ".attn.key", d);
    v = b.linear(h, name + ".attn.value", d);
  }
  TensorId ctx = b.attention(q, k, v, name + ".attn", heads);
  TensorId out = b.linear(ctx, name + ".attn.out", d);
  x = b.add(x, out, name + ".attn.residual");
  if (!pre_norm) x = b.layernorm(x, name + ".ln1");
  h = pre_norm ? b.layernorm(x, name + ".ln2") : x;
  h = b.gelu(b.linear(h, name + ".mlp.fc1", ffn), name + ".mlp.gelu");
  h = b.linear(h, name + ".mlp.fc2", d);
  x = b.add(x, h, name + ".mlp.residual");
  if (!pre_norm) x = b.layernorm(x, name + ".ln2");
  return x;
}

void check_seq(const ZooParams& p, int64_t max_positions, const char* model) {
  if (p.seq_len < 1 || p.seq_len > max_positions)
    throw InputError(std::string(model) + ": seq_len " + std::to_string(p.seq_len) +
                     " outside [1, " + std::to_string(max_positions) +
                     "] (the model's position table)");
}

}  // namespace

Graph build_bert_base(const ZooParams& p) {
  check_seq(p, 512, "bert_base");
  const int64_t d = 768;
  GraphBuilder b("bert_base", p.batch, p.precision);
  TensorId ids = b.input("input_ids", {p.batch, p.seq_len});
  TensorId pos = b.input("position_ids", {p.batch, p.seq_len});
  TensorId types = b.input("token_type_ids", {p.batch, p.seq_len});
  TensorId x = b.embedding(ids, "embeddings.word", b.weight("embeddings.word.weight", {30522, d}));
  TensorId pe =
      b.embedding(pos, "embeddings.position", b.weight("embeddings.position.weight", {512, d}));
  TensorId te =
      b.embedding(types, "embeddings.token_type", b.weight("embeddings.token_type.weight", {2, d}));
  x = b.add(b.add(x, pe, "embeddings.add_position"), te, "embeddings.add_type");
  x = b.layernorm(x, "embeddings.ln");
  for (int i = 0; i < 12; ++i)
    x = transformer_layer(b, x, "encoder." + std::to_string(i), 12, 3072, false, false);
  TensorId cls = b.slice_tokens(x, "pooler.cls", 1);
  b.tanh(b.linear(cls, "pooler.dense", d), "pooler.tanh");
  return b.finish();
}

// GPT-style decoder (pre-norm, fused QKV, LM head tied to the token embedding).
Graph build_gpt(const ZooParams& p, const char* name, int layers, int64_t d, int64_t heads,
                int64_t positions) {
  check_seq(p, positions, name);
  GraphBuilder b(name, p.batch, p.precision);
  TensorId ids = b.input("input_ids", {p.batch, p.seq_len});
  TensorId pos = b.input("position_ids", {p.batch, p.seq_len});
  TensorId wte = b.weight("wte.weight", {50257, d});
  TensorId x = b.embedding(ids, "wte", wte);
  TensorId pe = b.embedding(pos, "wpe", b.weight("wpe.weight", {positions, d}));
  x = b.add(x, pe, "embeddings.add");
  for (int i = 0; i < layers; ++i)
    x = transformer_layer(b, x, "h." + std::to_string(i), heads, 4 * d, true, true);
  x = b.layernorm(x, "ln_f");
  b.linear_with(x, "lm_head", wte, 50257);  // tied to the token embedding: no new parameters
  return b.finish();
}

Graph build_gpt2_small(const ZooParams& p) {
  return build_gpt(p, "gpt2_small", 12, 768, 12, 1024);
}

Graph build_gpt3(const ZooParams& p) {
  return build_gpt(p, "gpt3", 96, 12288, 96, 2048);
}

Graph build_vit_b_16(const ZooParams& p) {
  const int64_t d = 768;
  GraphBuilder b("vit_b_16", p.batch, p.precision);
  TensorId img = b.input("input", {p.batch, 3, 224, 224});
  TensorId patches = b.conv(img, "conv_proj", d, 16, 16, 0, 1, /*bias=*/true);  // [B, 768, 14, 14]
  TensorId tokens = b.view(patches, "patch_tokens", {p.batch, 196, d}, "Transpose");
  TensorId cls = b.weight("class_token", {1, 1, d});
  TensorId x = b.concat_tokens(cls, tokens, "concat_class_token");  // [B, 197, 768]
  TensorId pos = b.weight("encoder.pos_embedding", {1, 197, d});
  x = b.add(x, pos, "encoder.add_pos_embedding");
  for (int i = 0; i < 12; ++i)
    x = transformer_layer(b, x, "encoder.layers." + std::to_string(i), 12, 3072, true, true);
  x = b.layernorm(x, "encoder.ln");
  TensorId first = b.slice_tokens(x, "class_token_out", 1);
  b.linear(first, "heads.head", 1000);
  return b.finish();
}

}  // namespace tessera

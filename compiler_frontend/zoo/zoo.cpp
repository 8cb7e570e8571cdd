#include "compiler_frontend/zoo/zoo.h"

namespace tessera {

const std::vector<ZooModel>& model_zoo() {
  static const std::vector<ZooModel> zoo = {
      {"resnet18", "ResNet-18 image classifier, 224x224",
       "torchvision: 1.814 GMACs, 11.69 M params",
       [](const ZooParams& p) { return build_resnet(p, 18); }},
      {"resnet50", "ResNet-50 image classifier, 224x224", "torchvision: 4.09 GMACs, 25.56 M params",
       [](const ZooParams& p) { return build_resnet(p, 50); }},
      {"mobilenet_v2", "MobileNetV2 image classifier, 224x224",
       "torchvision: 0.30 GMACs, 3.50 M params", build_mobilenet_v2},
      {"vgg16", "VGG-16 image classifier, 224x224", "torchvision: 15.47 GMACs, 138.36 M params",
       build_vgg16},
      {"bert_base", "BERT-base encoder with pooler, seq_len tokens",
       "BERT-base: 109.5 M params, 11.2 GMACs at seq 128", build_bert_base},
      {"gpt2_small", "GPT-2 small (124 M) prefill of seq_len tokens", "GPT-2: 124.4 M params",
       build_gpt2_small},
      {"gpt3", "GPT-3 175B prefill of seq_len tokens (96 layers, d=12288)",
       "Brown et al. 2020: 174.6 B params", build_gpt3},
      {"vit_b_16", "ViT-B/16 image classifier, 224x224", "torchvision: 17.56 GMACs, 86.57 M params",
       build_vit_b_16},
  };
  return zoo;
}

const ZooModel* find_zoo_model(const std::string& name) {
  for (const auto& m : model_zoo())
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace tessera

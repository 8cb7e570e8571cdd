// MobileNetV2 as in torchvision (Sandler et al., CVPR 2018). Published: 300 M MACs (0.301 G by
// exact count) and 3.50 M parameters at 224x224, width multiplier 1.0.
#include "compiler_frontend/zoo/graph_builder.h"
#include "compiler_frontend/zoo/zoo.h"

namespace tessera {

Graph build_mobilenet_v2(const ZooParams& p) {
  GraphBuilder b("mobilenet_v2", p.batch, p.precision);
  auto conv_bn_relu6 = [&](TensorId x, const std::string& name, int64_t out, int64_t k,
                           int64_t stride, int64_t groups, bool act) {
    TensorId y = b.conv(x, name + ".conv", out, k, stride, (k - 1) / 2, groups);
    y = b.batchnorm(y, name + ".bn");
    return act ? b.relu6(y, name + ".relu6") : y;
  };
  TensorId x = b.input("input", {p.batch, 3, 224, 224});
  x = conv_bn_relu6(x, "features.0", 32, 3, 2, 1, true);
  // (expansion t, output channels c, repeats n, first stride s) from the paper's Table 2.
  const int64_t settings[7][4] = {{1, 16, 1, 1}, {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
                                  {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
  int block = 1;
  for (const auto& s : settings) {
    for (int64_t i = 0; i < s[2]; ++i, ++block) {
      std::string name = "features." + std::to_string(block);
      int64_t in = b.tensor(x).shape[1];
      int64_t hidden = in * s[0];
      int64_t stride = i == 0 ? s[3] : 1;
      TensorId y = x;
      if (s[0] != 1) y = conv_bn_relu6(y, name + ".expand", hidden, 1, 1, 1, true);
      y = conv_bn_relu6(y, name + ".dw", hidden, 3, stride, hidden, true);
      y = conv_bn_relu6(y, name + ".project", s[1], 1, 1, 1, false);
      x = (stride == 1 && in == s[1]) ? b.add(x, y, name + ".add") : y;
    }
  }
  x = conv_bn_relu6(x, "features.18", 1280, 1, 1, 1, true);
  x = b.global_avgpool(x, "avgpool");
  x = b.flatten(x, "flatten");
  b.linear(x, "classifier", 1000);
  return b.finish();
}

}  // namespace tessera

// ResNet-18/50 as in torchvision (He et al., CVPR 2016; torchvision v1.5 puts the stride on the
// 3x3 convolution of the bottleneck). Published: ResNet-18 1.814 GMACs / 11.69 M parameters,
// ResNet-50 4.09 GMACs / 25.56 M parameters at 224x224.
#include "compiler_frontend/zoo/graph_builder.h"
#include "compiler_frontend/zoo/zoo.h"

namespace tessera {
namespace {

TensorId conv_bn(GraphBuilder& b, TensorId x, const std::string& name, int64_t out, int64_t k,
                 int64_t stride, int64_t pad, bool relu) {
  TensorId y = b.conv(x, name + ".conv", out, k, stride, pad);
  y = b.batchnorm(y, name + ".bn");
  return relu ? b.relu(y, name + ".relu") : y;
}

TensorId basic_block(GraphBuilder& b, TensorId x, const std::string& name, int64_t planes,
                     int64_t stride) {
  int64_t in = b.tensor(x).shape[1];
  TensorId y = conv_bn(b, x, name + ".1", planes, 3, stride, 1, true);
  y = conv_bn(b, y, name + ".2", planes, 3, 1, 1, false);
  TensorId shortcut = x;
  if (stride != 1 || in != planes)
    shortcut = conv_bn(b, x, name + ".downsample", planes, 1, stride, 0, false);
  return b.relu(b.add(y, shortcut, name + ".add"), name + ".relu");
}

TensorId bottleneck(GraphBuilder& b, TensorId x, const std::string& name, int64_t planes,
                    int64_t stride) {
  int64_t in = b.tensor(x).shape[1];
  int64_t out = planes * 4;
  TensorId y = conv_bn(b, x, name + ".1", planes, 1, 1, 0, true);
  y = conv_bn(b, y, name + ".2", planes, 3, stride, 1, true);
  y = conv_bn(b, y, name + ".3", out, 1, 1, 0, false);
  TensorId shortcut = x;
  if (stride != 1 || in != out)
    shortcut = conv_bn(b, x, name + ".downsample", out, 1, stride, 0, false);
  return b.relu(b.add(y, shortcut, name + ".add"), name + ".relu");
}

}  // namespace

Graph build_resnet(const ZooParams& p, int depth) {
  GraphBuilder b("resnet" + std::to_string(depth), p.batch, p.precision);
  TensorId x = b.input("input", {p.batch, 3, 224, 224});
  x = conv_bn(b, x, "stem", 64, 7, 2, 3, true);
  x = b.maxpool(x, "stem.maxpool", 3, 2, 1);
  const int64_t planes[4] = {64, 128, 256, 512};
  const int blocks18[4] = {2, 2, 2, 2};
  const int blocks50[4] = {3, 4, 6, 3};
  const int* blocks = depth == 18 ? blocks18 : blocks50;
  for (int stage = 0; stage < 4; ++stage) {
    for (int i = 0; i < blocks[stage]; ++i) {
      std::string name = "layer" + std::to_string(stage + 1) + "." + std::to_string(i);
      int64_t stride = (stage > 0 && i == 0) ? 2 : 1;
      x = depth == 18 ? basic_block(b, x, name, planes[stage], stride)
                      : bottleneck(b, x, name, planes[stage], stride);
    }
  }
  x = b.global_avgpool(x, "avgpool");
  x = b.flatten(x, "flatten");
  b.linear(x, "fc", 1000);
  return b.finish();
}

}  // namespace tessera

// VGG-16 (configuration D) as in torchvision (Simonyan and Zisserman, ICLR 2015). Published:
// 15.47 GMACs and 138.36 M parameters at 224x224.
#include "compiler_frontend/zoo/graph_builder.h"
#include "compiler_frontend/zoo/zoo.h"

namespace tessera {

Graph build_vgg16(const ZooParams& p) {
  GraphBuilder b("vgg16", p.batch, p.precision);
  TensorId x = b.input("input", {p.batch, 3, 224, 224});
  const int64_t cfg[] = {64, 64,  0,   128, 128, 0,   256, 256, 256,
                         0,  512, 512, 512, 0,   512, 512, 512, 0};
  int conv_index = 0, pool_index = 0;
  for (int64_t c : cfg) {
    if (c == 0) {
      x = b.maxpool(x, "pool" + std::to_string(++pool_index), 2, 2, 0);
      continue;
    }
    std::string name = "conv" + std::to_string(++conv_index);
    x = b.conv(x, name, c, 3, 1, 1, 1, /*bias=*/true);
    x = b.relu(x, name + ".relu");
  }
  x = b.flatten(x, "flatten");  // adaptive average pool to 7x7 is the identity at 224x224
  x = b.relu(b.linear(x, "fc1", 4096), "fc1.relu");
  x = b.relu(b.linear(x, "fc2", 4096), "fc2.relu");
  b.linear(x, "fc3", 1000);
  return b.finish();
}

}  // namespace tessera

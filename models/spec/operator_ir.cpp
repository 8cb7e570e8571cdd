#include "models/spec/operator_ir.h"

namespace tessera {

const char* cmd_kind_name(CmdKind k) {
  switch (k) {
    case CmdKind::Load:
      return "Load";
    case CmdKind::Store:
      return "Store";
    case CmdKind::Compute:
      return "Compute";
    case CmdKind::Vector:
      return "Vector";
    case CmdKind::Barrier:
      return "Barrier";
  }
  return "?";
}

}  // namespace tessera

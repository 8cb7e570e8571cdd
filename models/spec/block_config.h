// What a section of hardware became after parsing: the registered block type it names
// (`type:`) and that type's own keys, if it has any (models/platform/block_registry.h).
#pragma once

#include <memory>
#include <string>

namespace tessera {

struct BlockType;

struct BlockConfig {
  const BlockType* type = nullptr;
  std::shared_ptr<const void> own;  // the type's own spec (null when it takes no keys of its own)
  template <class S>
  const S& spec() const {
    return *static_cast<const S*>(own.get());
  }
  const std::string& type_name() const;
};

}  // namespace tessera

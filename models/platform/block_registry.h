// The registry of hardware blocks (DESIGN.md "Blocks"): every section of a hardware file that
// has alternatives takes a `type:` key, and every type is a registered block. The platform is
// built by walking the chip's sections and this registry, so adding a block (a DRAM model, a
// cache, an accelerator unit) is one folder that registers itself, and no edit elsewhere.
//
// A registration has two halves, because configs are read by programs that link no SystemC
// (validate, the fuzzers, unit tests):
//  - the type (BlockTypeRegistrar, next to the block's schema): section, type name, doc and the
//    keys only this type takes;
//  - the shell (BlockShellRegistrar, next to the block's SystemC module): the factory that builds
//    it into a platform.
// Sections themselves (BlockSectionRegistrar) say where a block sits: a unit of every core, or a
// memory level at some distance from the cores (the interconnect next to them, then the L2,
// then the DRAM).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/config/schema.h"
#include "models/spec/block_config.h"

namespace tessera {

class MemoryTarget;
class PlatformContext;

enum class BlockRole : uint8_t { CoreUnit, MemoryLevel };

struct BlockSection {
  std::string name;  // hardware.<name>
  std::string doc;
  BlockRole role = BlockRole::MemoryLevel;
  // Where it sits. Memory levels: 1 next to the cores, larger further out (built outermost first,
  // each in front of the one behind it). Units: the order a core's units are built in.
  int order = 0;
  std::string default_type;  // when the section has no `type:` key
};

// Reads a type's own keys (its schema) into its own spec.
using OwnKeysParser =
    std::function<std::shared_ptr<const void>(ConfigNode&, const std::string& path)>;
// Builds a memory level in front of `downstream` (null for the outermost level); returns the
// target the next level inward (or the cores' DMA engines) sends to.
using MemoryFactory =
    std::function<MemoryTarget*(PlatformContext&, MemoryTarget* downstream, const BlockConfig&)>;
// Builds a unit of one core.
using UnitFactory = std::function<void(PlatformContext&, uint16_t core, const BlockConfig&)>;

struct BlockType {
  std::string section;
  std::string type;
  std::string doc;
  const SchemaBase* own_keys = nullptr;  // keys only this type takes (null: none)
  OwnKeysParser parse_own;
  MemoryFactory build_memory;  // set by the shell half
  UnitFactory build_unit;
};

class BlockRegistry {
 public:
  static BlockRegistry& instance();
  void add_section(BlockSection s);
  void add_type(BlockType t);
  void add_shell(const std::string& section, const std::string& type, MemoryFactory memory,
                 UnitFactory unit);

  const BlockSection* section(const std::string& name) const;
  const BlockType* find(const std::string& section, const std::string& type) const;
  std::vector<const BlockType*> types_of(const std::string& section) const;
  // "simple|bank": the registered type names of a section, for messages and `describe`.
  std::string type_names(const std::string& section) const;
  // Sections of a role in increasing order.
  std::vector<const BlockSection*> sections_of(BlockRole role) const;

 private:
  std::vector<std::unique_ptr<BlockSection>> sections_;
  std::vector<std::unique_ptr<BlockType>> types_;  // pointers stay valid: specs keep them
};

struct BlockSectionRegistrar {
  explicit BlockSectionRegistrar(BlockSection s) {
    BlockRegistry::instance().add_section(std::move(s));
  }
};

struct BlockTypeRegistrar {
  // A type with no keys of its own.
  BlockTypeRegistrar(const std::string& section, const std::string& type, const std::string& doc) {
    BlockRegistry::instance().add_type(
        BlockType{section, type, doc, nullptr, nullptr, nullptr, nullptr});
  }
  // A type whose own keys fill a spec of type S.
  template <class S>
  BlockTypeRegistrar(const std::string& section, const std::string& type, const std::string& doc,
                     const Schema<S>& own) {
    const Schema<S>* schema = &own;
    BlockRegistry::instance().add_type(
        BlockType{section, type, doc, &own,
                  [schema](ConfigNode& n, const std::string& path) -> std::shared_ptr<const void> {
                    return std::make_shared<const S>(schema->parse_keys(n, path));
                  },
                  nullptr, nullptr});
  }
};

struct BlockShellRegistrar {
  BlockShellRegistrar(const std::string& section, const std::string& type, MemoryFactory memory) {
    BlockRegistry::instance().add_shell(section, type, std::move(memory), nullptr);
  }
  BlockShellRegistrar(const std::string& section, const std::string& type, UnitFactory unit) {
    BlockRegistry::instance().add_shell(section, type, nullptr, std::move(unit));
  }
};

// Parses hardware.<section> whose common keys fill a spec of type S: reads `type:` (default: the
// section's), checks it is registered (naming the registered ones if not), reads the common keys
// with `common`, the type's own keys with its own schema, and refuses a key that belongs to
// another type of the section ("hardware.dram.x: belongs to dram type 'y'"). Writes the type into
// the node so the resolved config names it.
template <class S>
std::pair<S, BlockConfig> parse_block_section(ConfigNode& node, const std::string& path,
                                              const std::string& section, const Schema<S>& common);

// Non-template part of parse_block_section: the type and its checks.
const BlockType& block_type_of(ConfigNode& node, const std::string& path,
                               const std::string& section, const SchemaBase& common);

template <class S>
std::pair<S, BlockConfig> parse_block_section(ConfigNode& node, const std::string& path,
                                              const std::string& section, const Schema<S>& common) {
  if (node.is_scalar() && node.value().empty()) node = ConfigNode::map(node.loc());
  const BlockType& t = block_type_of(node, path, section, common);
  std::vector<std::string> foreign = {"type"};
  if (t.own_keys)
    for (const auto& f : t.own_keys->fields()) foreign.push_back(f.key);
  std::pair<S, BlockConfig> out;
  out.first = common.parse(node, path, &foreign);
  out.second.type = &t;
  if (t.parse_own) out.second.own = t.parse_own(node, path);
  return out;
}

}  // namespace tessera

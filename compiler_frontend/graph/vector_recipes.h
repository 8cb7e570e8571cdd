// The one table of vector-unit cost recipes: how many elementary operations of each kind one
// output element of an operator needs, keyed by the operator's type (the ONNX name, which the
// Graph IR uses too). The zoo, the ONNX importer, pattern recognition and training read it, so a
// layer costs the same whichever way it entered. Operators whose cost depends on their inputs
// (Pow's exponent, a reduction's window) are computed by the importer from these parts.
#pragma once

#include <string>

#include "models/vector_unit/vector_ops.h"

namespace tessera {

// The recipe of `type`, or null when it has no fixed one.
const VectorWork* vector_recipe(const std::string& type);
// The recipe of `type`; throws std::logic_error when there is none (a caller naming a layer the
// table must know).
const VectorWork& recipe_of(const std::string& type);

}  // namespace tessera

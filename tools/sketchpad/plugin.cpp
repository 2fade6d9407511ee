// The Sketchpad tool library's entry points (ABI number, then factory), exported for the host.
#include <grove/sdk/abi.h>

#include "sketchtool.h"

GROVE_TOOL_EXPORT(grove::tools::sketchpad::SketchTool)

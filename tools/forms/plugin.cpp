// The Forms tool library's entry points (ABI number, then factory), exported for the host.
#include <grove/sdk/abi.h>

#include "formstool.h"

GROVE_TOOL_EXPORT(grove::tools::forms::FormsTool)

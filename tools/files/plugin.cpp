// The Files tool library's entry points (ABI number, then factory), exported for the host.
#include <grove/sdk/abi.h>

#include "filestool.h"

GROVE_TOOL_EXPORT(grove::tools::files::FilesTool)

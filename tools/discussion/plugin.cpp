// The Discussion tool library's entry points (ABI number, then factory), exported for the host.
#include <grove/sdk/abi.h>

#include "discussiontool.h"

GROVE_TOOL_EXPORT(grove::tools::discussion::DiscussionTool)

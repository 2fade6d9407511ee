// Helpers shared by the unit tests: temporary directories that clean up after themselves.
#pragma once

#include "grove_test/temp_dir.h"

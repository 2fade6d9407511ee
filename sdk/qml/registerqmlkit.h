// registerQmlKit(): makes `import Grove.Kit` work in a QML engine — the app's, or a test's that
// loads tool views on its own. Call it once per engine before loading any QML that imports it.
#pragma once

class QQmlEngine;

namespace grove::kit {

void registerQmlKit(QQmlEngine& engine);

}  // namespace grove::kit

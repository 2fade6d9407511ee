// The app's QML modules are static plugins: this pulls them into the binary and registers them
// with an engine. Call before loading any Grove QML (the app, the tests).
#pragma once

class QQmlEngine;

namespace grove::app {

void registerQmlModules(QQmlEngine& engine);

}  // namespace grove::app

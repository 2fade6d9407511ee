#include "registerqmlkit.h"

#include <QQmlEngine>
#include <QQmlExtensionPlugin>

Q_IMPORT_QML_PLUGIN(Grove_KitPlugin)

namespace grove::kit {

void registerQmlKit(QQmlEngine& engine) {
    // Qt 6.4 puts a module's resources under qrc:/<URI as path>/ (here qrc:/Grove/Kit/qmldir).
    engine.addImportPath(QStringLiteral("qrc:/"));
}

}  // namespace grove::kit

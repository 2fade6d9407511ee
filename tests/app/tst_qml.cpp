// Qt Quick Test runner for the shell's QML components (tests in qml/tst_*.qml): registers the
// app's static QML modules with each test engine and uses the app's Controls style.
#include "app/qml_modules.h"

#include <QQmlEngine>
#include <QQuickStyle>
#include <QtQuickTest>

class Setup : public QObject {
    Q_OBJECT

public slots:
    void applicationAvailable() { QQuickStyle::setStyle(QStringLiteral("Fusion")); }
    void qmlEngineAvailable(QQmlEngine* engine) { grove::app::registerQmlModules(*engine); }
};

QUICK_TEST_MAIN_WITH_SETUP(grove_app_qml, Setup)
#include "tst_qml.moc"

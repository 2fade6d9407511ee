// AppShell: puts the app on screen — the profile (or a temporary one), the controller, the QML
// engine and Main.qml, the window's remembered geometry — for `grove` and the tests alike.
#pragma once

#include "app_controller.h"
#include "app_options.h"
#include "app_settings.h"

#include <QObject>
#include <QQmlApplicationEngine>
#include <QTemporaryDir>

#include <memory>

class QQuickWindow;

namespace grove::app {

class AppShell : public QObject {
    Q_OBJECT

public:
    explicit AppShell(const AppOptions& options, QObject* parent = nullptr);
    ~AppShell() override;

    // Starts the controller and shows Main.qml; false (with error()) if either fails outright.
    bool load();
    QString error() const { return error_; }

    QQuickWindow* window() const { return window_; }
    AppController* controller() const { return controller_.get(); }
    QQmlApplicationEngine* engine() const { return engine_.get(); }
    AppSettings* settings() const { return settings_.get(); }

private:
    AppOptions options_;
    bool ephemeral_;  // demo or screenshots: temporary profile, preferences not saved
    std::unique_ptr<QTemporaryDir> tempDir_;  // first: removed after the Peer has closed
    std::unique_ptr<AppSettings> settings_;
    std::unique_ptr<AppController> controller_;
    std::unique_ptr<QQmlApplicationEngine> engine_;  // last: torn down before the controller
    QQuickWindow* window_ = nullptr;
    QString error_;
};

}  // namespace grove::app

#include "app_shell.h"

#include "qml_modules.h"

#include <QDir>
#include <QQuickWindow>

namespace grove::app {

AppShell::AppShell(const AppOptions& options, QObject* parent)
    : QObject(parent), options_(options), ephemeral_(options.demo || !options.screenshotDir.isEmpty()) {
    QString profile = options_.profileDir;
    QString settingsFile = options_.settingsFile;
    if (ephemeral_ && profile.isEmpty()) {
        tempDir_ = std::make_unique<QTemporaryDir>(QDir::temp().filePath(QStringLiteral("grove-demo-XXXXXX")));
        profile = QDir(tempDir_->path()).filePath(QStringLiteral("profile"));
        if (settingsFile.isEmpty())
            settingsFile = QDir(tempDir_->path()).filePath(QStringLiteral("grove.ini"));
    }
    if (profile.isEmpty()) profile = AppOptions::defaultProfileDir();
    settings_ = std::make_unique<AppSettings>(settingsFile);
    controller_ = std::make_unique<AppController>(profile, options_.demo, options_.network,
                                                  settings_.get(), nullptr,
                                                  options_.screenshotDir.isEmpty());
    controller_->setPendingLink(options_.openLink);
}

AppShell::~AppShell() {
    if (window_ && !ephemeral_) settings_->saveWindow(window_);
    engine_.reset();
}

bool AppShell::load() {
    if (tempDir_ && !tempDir_->isValid()) {
        error_ = QStringLiteral("could not create a temporary profile: ") + tempDir_->errorString();
        return false;
    }
    controller_->start();
    engine_ = std::make_unique<QQmlApplicationEngine>();
    registerQmlModules(*engine_);
    engine_->setInitialProperties({{QStringLiteral("app"), QVariant::fromValue(controller_.get())}});
    engine_->load(QUrl(QStringLiteral("qrc:/Grove/Shell/Main.qml")));
    const auto roots = engine_->rootObjects();
    window_ = roots.isEmpty() ? nullptr : qobject_cast<QQuickWindow*>(roots.first());
    if (!window_) {
        error_ = QStringLiteral("the user interface failed to load (see the messages above)");
        return false;
    }
    if (ephemeral_) {
        window_->setMinimumSize(AppSettings::kMinimumSize);
        window_->resize(AppSettings::kDefaultSize);
    } else {
        settings_->restoreWindow(window_);
        connect(window_, &QQuickWindow::visibleChanged, this, [this] {
            if (!window_->isVisible()) settings_->saveWindow(window_);
        });
    }
    if (window_->visibility() != QWindow::Maximized) window_->show();
    return true;
}

}  // namespace grove::app

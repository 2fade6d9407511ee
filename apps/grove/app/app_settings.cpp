#include "app_settings.h"

#include <QGuiApplication>
#include <QScreen>
#include <QWindow>

namespace grove::app {

AppSettings::AppSettings(const QString& filePath, QObject* parent) : QObject(parent) {
    settings_ = filePath.isEmpty()
                    ? std::make_unique<QSettings>(QSettings::IniFormat, QSettings::UserScope,
                                                  QStringLiteral("grove"), QStringLiteral("grove"))
                    : std::make_unique<QSettings>(filePath, QSettings::IniFormat);
}

QString AppSettings::fileName() const { return settings_->fileName(); }

QString AppSettings::colorScheme() const {
    const QString scheme = settings_->value(QStringLiteral("appearance/colorScheme")).toString();
    return scheme == QLatin1String("light") || scheme == QLatin1String("dark")
               ? scheme
               : QStringLiteral("system");
}

void AppSettings::setColorScheme(const QString& scheme) {
    if (scheme == colorScheme()) return;
    settings_->setValue(QStringLiteral("appearance/colorScheme"), scheme);
    emit colorSchemeChanged();
}

bool AppSettings::notificationsEnabled() const {
    return settings_->value(QStringLiteral("notifications/enabled"), true).toBool();
}

void AppSettings::setNotificationsEnabled(bool enabled) {
    if (enabled == notificationsEnabled()) return;
    settings_->setValue(QStringLiteral("notifications/enabled"), enabled);
    settings_->sync();
    emit notificationsChanged();
}

bool AppSettings::localApiEnabled() const {
    return settings_->value(QStringLiteral("api/localEnabled"), false).toBool();
}

void AppSettings::setLocalApiEnabled(bool enabled) {
    if (enabled == localApiEnabled()) return;
    settings_->setValue(QStringLiteral("api/localEnabled"), enabled);
    settings_->sync();
    emit localApiChanged();
}

QStringList AppSettings::mutedSpaces() const {
    return settings_->value(QStringLiteral("notifications/mutedSpaces")).toStringList();
}

bool AppSettings::notifiesFor(const QString& spaceId) const {
    return notificationsEnabled() && !mutedSpaces().contains(spaceId);
}

void AppSettings::setSpaceMuted(const QString& spaceId, bool muted) {
    QStringList list = mutedSpaces();
    if (muted == list.contains(spaceId) || spaceId.isEmpty()) return;
    if (muted)
        list << spaceId;
    else
        list.removeAll(spaceId);
    settings_->setValue(QStringLiteral("notifications/mutedSpaces"), list);
    settings_->sync();
    emit notificationsChanged();
}

void AppSettings::restoreWindow(QWindow* window) {
    window->setMinimumSize(kMinimumSize);
    const QRect saved = settings_->value(QStringLiteral("window/geometry")).toRect();
    const bool maximized = settings_->value(QStringLiteral("window/maximized")).toBool();
    bool onScreen = false;
    for (QScreen* screen : QGuiApplication::screens())
        if (saved.isValid() && screen->availableGeometry().intersected(saved).width() >= 100)
            onScreen = true;
    if (onScreen) {
        window->setGeometry(saved);
    } else {
        QRect rect({}, kDefaultSize);
        if (QScreen* screen = window->screen() ? window->screen() : QGuiApplication::primaryScreen()) {
            const QRect avail = screen->availableGeometry();
            rect.setSize(kDefaultSize.boundedTo(avail.size()));
            rect.moveCenter(avail.center());
        }
        window->setGeometry(rect);
    }
    normalGeometry_ = window->geometry();
    auto track = [this, window] {
        const auto v = window->visibility();
        if (v != QWindow::Maximized && v != QWindow::FullScreen && v != QWindow::Minimized)
            normalGeometry_ = window->geometry();
    };
    connect(window, &QWindow::xChanged, this, track);
    connect(window, &QWindow::yChanged, this, track);
    connect(window, &QWindow::widthChanged, this, track);
    connect(window, &QWindow::heightChanged, this, track);
    if (maximized) window->setVisibility(QWindow::Maximized);
}

void AppSettings::saveWindow(QWindow* window) {
    const auto v = window->visibility();
    const bool normal = v != QWindow::Maximized && v != QWindow::FullScreen && v != QWindow::Minimized;
    if (normal && window->geometry().isValid()) normalGeometry_ = window->geometry();
    settings_->setValue(QStringLiteral("window/geometry"), normalGeometry_);
    settings_->setValue(QStringLiteral("window/maximized"),
                        window->visibility() == QWindow::Maximized);
    settings_->sync();
}

}  // namespace grove::app
